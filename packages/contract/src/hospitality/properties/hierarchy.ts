import { nounOf, ruleOf, rulesOfKind, stillHasChildren, withArticle } from '@roomkit/openapi';
import fc from 'fast-check';
import type { Exchange } from '../../http/exchange.js';
import { allOrFirstError, ok, type HospitalityContext } from '../context.js';
import { defineProperty, type PropertyDefinition } from '../../properties/property.js';
import { goneStatus } from '../../kinds/gone-after-delete.js';
import { crossTenantVerdict } from '../../kinds/tenancy.js';
import { unpersisted, updatePersistsRule } from '../../kinds/update-persists.js';

interface HierarchyInput {
  /** Children per level below the property (room types per property, rooms per room type). */
  fanOut: number;
  /** Suffix of the new names: any text, so non-ASCII names reach the target. */
  rename: string;
}

/**
 * Deleting a non-empty parent is refused and changes nothing; deleting an empty one gives
 * 204 then 404; renames persist; list filters return only the parent's children.
 */
export function hierarchy(context: HospitalityContext): PropertyDefinition<HierarchyInput> {
  const { api, session, ledger } = context;
  const levels = api.hierarchy;
  const deleteRules = rulesOfKind(session.spec.doc, 'delete-requires-empty');
  const updatePersists = updatePersistsRule(session.spec.doc).name;
  const listFilter = ruleOf(session.spec.doc, 'list-filter').name;
  return defineProperty<HierarchyInput>({
    name: 'hierarchy',
    description:
      "Non-empty deletes are refused and change nothing; empty deletes give 204 then 404; updates persist; list filters return only the parent's children.",
    requires: { stateful: true },
    independentRuns: true,
    reports: [...deleteRules.map((r) => r.name), updatePersists, listFilter, 'use_after_free'],
    runsFactor: 0.3,
    examples: () => [{ fanOut: 2, rename: 'Zimmer-ü-東京' }],
    arbitrary: () =>
      fc.record({ fanOut: fc.integer({ min: 1, max: 2 }), rename: fc.string({ unit: 'grapheme', maxLength: 12 }) }),
    async run(_session, input) {
      // Two sibling trees, so a list that ignores its filter shows the other tree's children.
      // Both trees, and the items of each level, are made together: a lagging target costs one
      // wait per level.
      const buildTree = async (): Promise<Map<string, string[]>> => {
        const tree = new Map<string, string[]>();
        let parents = [context.organizationId];
        for (const level of levels) {
          const perParent = level === levels[0] ? 1 : input.fanOut;
          const ids = (
            await allOrFirstError(parents.map((parent) => context.makeMany(level.name, parent, perParent)))
          ).flat();
          tree.set(level.name, ids);
          parents = ids;
        }
        return tree;
      };
      const [tree, other] = (await allOrFirstError([buildTree(), buildTree()])) as [
        Map<string, string[]>,
        Map<string, string[]>,
      ];

      // Updates persist (one item of each level, renamed together).
      await allOrFirstError(
        levels.map(async (level) => {
          const id = tree.get(level.name)![0]!;
          const isRoomName = api.childOf(level.name) === undefined;
          const name = isRoomName ? ledger.name('renamed') : `${ledger.name('renamed')}-${input.rename}`;
          const update = await api.update(level.name, id, { name }, { intent: 'positive' });
          if (!ok(update)) return;
          const nameIn = (e: Exchange) => (e.response?.json as { name?: unknown } | undefined)?.name;
          // A vendor may show the new name a little later (within --consistency-wait).
          const read = await session.settled(
            () => api.get(level.name, id),
            (r) => !ok(r) || nameIn(r) === name,
          );
          // The update-persists kind judges the read (a read that fails is the checks' to report here).
          const problem = ok(read) ? unpersisted({ name }, { ok: true, body: read.response?.json }) : undefined;
          if (problem !== undefined) {
            session.rule(
              updatePersists,
              `${level.operations.update} answered ${update.response?.status}, but ${level.operations.get} then ${problem} instead of ${JSON.stringify(name)}`,
              api.operationPointer(level.operations.update),
              read,
              [update],
            );
          }
        }),
      );

      // List filters return only the parent's children.
      for (const level of levels.slice(1)) {
        const parentLevel = levels[levels.indexOf(level) - 1]!;
        const parentId = tree.get(parentLevel.name)![0]!;
        const walk = await api.walk(level.name, parentId);
        const foreign = walk.items.filter(
          (item) => item[level.parent.field] !== parentId || other.get(level.name)!.includes(item.id),
        );
        if (foreign.length > 0) {
          session.rule(
            listFilter,
            `${level.operations.list} filtered by ${level.parent.field}=${parentId} returned ${foreign.length} item(s) of another parent, e.g. ${JSON.stringify(foreign[0])}`,
            api.listPointer(level.name, 'parameters'),
            walk.pages[0],
          );
        }
      }

      // Non-empty deletes are refused and change nothing.
      for (const rule of deleteRules) {
        const id = tree.get(rule.resource)![0]!;
        const refused = await api.delete(rule.resource, id);
        const status = refused.response?.status ?? 0;
        if (status >= 200 && status < 300) {
          session.rule(
            rule.name,
            `${rule.operation} of ${stillHasChildren(session.spec.doc, rule)} answered ${status}; the rule requires ${rule.status}`,
            api.rulePointer(rule.name),
            refused,
          );
          continue;
        }
        const still = await api.get(rule.resource, id);
        if (!ok(still)) {
          session.rule(
            rule.name,
            `${rule.operation} was refused with ${status}, but the item is gone afterwards (${still.response?.status})`,
            api.rulePointer(rule.name),
            still,
            [refused],
          );
        }
      }

      // Empty deletes: children first (the items of one level together), each 204 and then 404.
      for (const level of [...levels].reverse()) {
        await allOrFirstError(
          tree.get(level.name)!.map(async (id) => {
            const removed = await api.delete(level.name, id, { intent: 'positive' });
            if (ok(removed)) await api.get(level.name, id, { intent: 'after-delete' });
          }),
        );
      }
    },
  });
}

/**
 * A second organization's token can neither read nor list the first's resources, nor write to
 * them: an update, a delete and a create under one of them are each refused and change nothing
 * (a read with the first organization's token shows the item as it was, and no new child).
 */
export function tenancy(context: HospitalityContext): PropertyDefinition<string> {
  const { api, session, ledger } = context;
  const levels = api.hierarchy;
  const rule = ruleOf(session.spec.doc, 'tenancy');
  const refused = rule.statuses.join(' or ');
  const forbidden = (operationId: string) => api.operationPointer(operationId, 'responses', String(rule.statuses[0]));
  /** A refusal with a status the rule does not name (the tenancy kind's verdict) is reported. */
  const refusedWrongly = (exchange: Exchange, what: string): boolean => {
    const status = exchange.response?.status;
    const verdict = crossTenantVerdict(session.spec.doc, status);
    if (verdict?.verdict !== 'wrong-status') return false;
    session.rule(
      rule.name,
      `${exchange.operationId} of ${what} with another organization's token was refused with ${status}; the tenancy rule names ${verdict.expected}`,
      forbidden(exchange.operationId ?? ''),
      exchange,
    );
    return true;
  };
  return defineProperty<string>({
    name: 'tenancy',
    description:
      "A second organization's credentials cannot read, list, update, delete or create under the first organization's resources.",
    requires: { stateful: true, secondOrganization: true },
    reports: [rule.name],
    runsFactor: 0.1,
    // Every collection once, whatever --runs is; random runs come on top.
    examples: () => levels.map((l) => l.name),
    arbitrary: () => fc.constantFrom(...levels.map((l) => l.name)),
    async run(_session, collection) {
      const chain = await context.sharedChain();
      const level = api.resource(collection);
      const index = levels.indexOf(level);
      const id = chain[index]!;
      const read = await api.get(collection, id, { auth: 'second' });
      const status = read.response?.status ?? 0;
      if (status >= 200 && status < 300) {
        session.rule(
          rule.name,
          `${level.operations.get} of another organization's ${nounOf(session.spec.doc, collection).one} answered ${status} with its data; expected ${refused}`,
          forbidden(level.operations.get),
          read,
        );
      } else refusedWrongly(read, `another organization's ${nounOf(session.spec.doc, collection).one}`);
      const parentId = index === 0 ? context.organizationId : chain[index - 1]!;
      const page = await api.listPage(collection, parentId, {}, { auth: 'second' });
      if (ok(page) && (api.itemsOf(collection, page) ?? []).some((item) => item.id === id)) {
        session.rule(
          rule.name,
          `${level.operations.list} with another organization's token lists the first organization's ${nounOf(session.spec.doc, collection).many}`,
          forbidden(level.operations.list),
          page,
        );
      }

      // Writes, on a fresh item of the first organization (the shared chain stays intact).
      const ownName = ledger.name(collection);
      const victim = await context.make(collection, parentId, ownName);
      const foreignName = ledger.name('tenancy');
      const update = await api.update(collection, victim, { name: foreignName }, { auth: 'second' });
      const afterUpdate = await api.get(collection, victim);
      const shownName = (afterUpdate.response?.json as { name?: unknown } | undefined)?.name;
      if (ok(update) || (ok(afterUpdate) && shownName !== ownName)) {
        session.rule(
          rule.name,
          `${level.operations.update} with another organization's token answered ${update.response?.status}, and the item is now named ${JSON.stringify(shownName)} instead of ${JSON.stringify(ownName)}; expected ${refused} and no change`,
          forbidden(level.operations.update),
          ok(update) ? update : afterUpdate,
          [update],
        );
      } else refusedWrongly(update, `another organization's ${nounOf(session.spec.doc, collection).one}`);
      const child = api.childOf(collection);
      if (child !== undefined) {
        const childName = ledger.name(child.name);
        const created = await api.create(child.name, childName, victim, { auth: 'second', intent: 'state' });
        const children = await api.walk(child.name, victim);
        const planted = children.items.find((item) => item.name === childName);
        if (ok(created.exchange) || planted !== undefined) {
          session.rule(
            rule.name,
            `${child.operations.create} with another organization's token under the first organization's ${nounOf(session.spec.doc, collection).one} answered ${created.exchange.response?.status}${planted === undefined ? '' : `, and the new ${nounOf(session.spec.doc, child.name).one} ${planted.id} is listed there`}; expected ${refused} and nothing created`,
            forbidden(child.operations.create),
            created.exchange,
          );
        } else
          refusedWrongly(
            created.exchange,
            `${withArticle(nounOf(session.spec.doc, child.name).one)} under another organization's ${nounOf(session.spec.doc, collection).one}`,
          );
      }
      const removal = await api.delete(collection, victim, { auth: 'second' });
      const afterDelete = await api.get(collection, victim);
      if (ok(removal) || afterDelete.response?.status === goneStatus(session.spec.doc)) {
        session.rule(
          rule.name,
          `${level.operations.delete} with another organization's token answered ${removal.response?.status}, and reading the item with the first organization's token then answers ${afterDelete.response?.status}; expected ${refused} and the item kept`,
          forbidden(level.operations.delete),
          ok(removal) ? removal : afterDelete,
          [removal],
        );
      } else refusedWrongly(removal, `another organization's ${nounOf(session.spec.doc, collection).one}`);
    },
  });
}
