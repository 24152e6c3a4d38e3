import { ruleOf, rulesOfKind } from '@roomkit/openapi';
import fc from 'fast-check';
import type { Exchange } from '../../http/exchange.js';
import { ghostsIn } from '../../kinds/gone-after-delete.js';
import { noOpVerdict } from '../../kinds/no-op-update.js';
import { unpersisted, updatePersistsRule } from '../../kinds/update-persists.js';
import { defineProperty, type PropertyDefinition } from '../../properties/property.js';
import { ok, type HospitalityContext } from '../context.js';

/**
 * What must hold *after* something happened to an item, one short story each:
 * - `rename-frees-name` / `delete-frees-name`: a unique value freed by a rename or a delete can be
 *   taken again in its scope, and the value a rename took is taken;
 * - `gone-after-delete`: a deleted item answers the gone-after-delete status to a get, an update
 *   and a second delete, and no page of its parent's list shows it;
 * - `no-child-under-deleted-parent`: a create under a parent that was deleted is refused;
 * - `rename-to-own-name`: renaming an item to the name it has breaks nothing (the item reads back
 *   unchanged; whether the vendor answers 2xx or a 4xx is its own choice);
 * - `non-empty-after-rename` / `non-empty-after-child-delete`: a parent whose children were
 *   renamed, or which lost one of two children, still has children and cannot be deleted.
 */
type Scenario =
  | 'rename-frees-name'
  | 'delete-frees-name'
  | 'gone-after-delete'
  | 'no-child-under-deleted-parent'
  | 'rename-to-own-name'
  | 'non-empty-after-rename'
  | 'non-empty-after-child-delete';

interface LifecycleInput {
  scenario: Scenario;
  /** The collection the story is about (for a delete rule: the parent whose delete is refused). */
  collection: string;
}

export function lifecycle(context: HospitalityContext): PropertyDefinition<LifecycleInput> {
  const { api, session, ledger } = context;
  const doc = session.spec.doc;
  const levels = api.hierarchy;
  const unique = rulesOfKind(doc, 'unique');
  const deleteRules = rulesOfKind(doc, 'delete-requires-empty');
  const parentRule = ruleOf(doc, 'parent-must-exist');
  const gone = ruleOf(doc, 'gone-after-delete');
  const updatePersists = updatePersistsRule(doc).name;
  const stored = levels.slice(1).map((l) => l.name); // collections whose parent is a stored item

  const cases = (): LifecycleInput[] => [
    ...unique.flatMap((r) =>
      (['rename-frees-name', 'delete-frees-name'] as const).map((scenario) => ({ scenario, collection: r.resource })),
    ),
    ...levels.map((l) => ({ scenario: 'gone-after-delete' as const, collection: l.name })),
    ...stored.map((collection) => ({ scenario: 'no-child-under-deleted-parent' as const, collection })),
    ...levels.map((l) => ({ scenario: 'rename-to-own-name' as const, collection: l.name })),
    ...deleteRules.flatMap((r) =>
      (['non-empty-after-rename', 'non-empty-after-child-delete'] as const).map((scenario) => ({
        scenario,
        collection: r.resource,
      })),
    ),
  ];

  /** A fresh parent for an item of `collection` (the organization for the top level). */
  const freshParent = async (collection: string): Promise<string> =>
    (await context.chainTo(collection)).at(-1) ?? context.organizationId;
  const nameOf = (e: Exchange) => (e.response?.json as { name?: unknown } | undefined)?.name;

  const freedName = async (collection: string, via: 'rename' | 'delete') => {
    const rule = unique.find((r) => r.resource === collection)!;
    const parentId = await freshParent(collection);
    const value = ledger.name('freed');
    const first = await context.make(collection, parentId, value);
    let freeing: Exchange;
    const renamed = ledger.name('taken');
    if (via === 'rename') {
      freeing = await api.update(collection, first, { [rule.field]: renamed }, { intent: 'positive' });
    } else {
      freeing = await api.delete(collection, first, { intent: 'positive' });
    }
    if (!ok(freeing)) return; // positive_data_acceptance reports it
    if (via === 'rename') {
      // Only a rename that shows is known to have freed the name (update-persists judges the rest).
      const read = await session.settled(
        () => api.get(collection, first),
        (r) => !ok(r) || nameOf(r) === renamed,
      );
      if (!ok(read) || nameOf(read) !== renamed) return;
    }
    const again = await api.create(collection, value, parentId, { intent: 'positive' });
    const status = again.exchange.response?.status ?? 0;
    if (status >= 400 && status < 500) {
      session.rule(
        rule.name,
        `${rule.field} ${JSON.stringify(value)} was freed by ${via === 'rename' ? `renaming its item to ${JSON.stringify(renamed)}` : 'deleting its item'}, but ${api.resource(collection).operations.create} refuses it (${status}); the rule only forbids values in use`,
        api.rulePointer(rule.name),
        again.exchange,
        [freeing],
      );
    }
    if (via !== 'rename') return;
    const clash = await api.create(collection, renamed, parentId, { intent: 'state' });
    if (ok(clash.exchange)) {
      session.rule(
        rule.name,
        `an item was renamed to ${JSON.stringify(renamed)}, yet ${api.resource(collection).operations.create} accepts a second item with that ${rule.field} in the same ${rule.scope} item (${clash.exchange.response?.status}); the rule requires ${rule.status}`,
        api.rulePointer(rule.name),
        clash.exchange,
        [freeing],
      );
    }
  };

  const goneAfterDelete = async (collection: string) => {
    const level = api.resource(collection);
    const parentId = await freshParent(collection);
    // With a sibling, made together: the parent's list is not empty.
    const victim = (await context.makeMany(collection, parentId, 2))[0]!;
    const removed = await api.delete(collection, victim, { intent: 'positive' });
    if (!ok(removed)) return;
    // Each answers the gone-after-delete status (use_after_free judges it).
    await api.get(collection, victim, { intent: 'after-delete' });
    await api.update(collection, victim, { name: ledger.name('after-delete') }, { intent: 'after-delete' });
    await api.delete(collection, victim, { intent: 'after-delete' });
    // Only the run's own items are certain on the organization's list: read it in the largest pages.
    const size = level === levels[0] ? api.pagination(collection).pageSizeMaximum : undefined;
    const walk = await session.settled(
      () => api.walk(collection, parentId, size),
      (w) => w.broken !== undefined || !w.items.some((i) => i.id === victim),
    );
    // The gone-after-delete kind says which items a page may no longer show.
    const deleted = [{ collection, id: victim, parentId, fields: {} }];
    const ghost = walk.pageItems.findIndex((items) => ghostsIn(doc, deleted, items).length > 0);
    if (walk.broken === undefined && ghost >= 0) {
      session.rule(
        gone.name,
        `${collection} item ${victim} was deleted (${removed.response?.status}), but page ${ghost + 1} of ${level.operations.list} still lists it`,
        api.rulePointer(gone.name),
        walk.pages[ghost],
        [removed],
      );
    }
  };

  const noChildUnderDeletedParent = async (collection: string) => {
    const level = api.resource(collection);
    const parentLevel = api.resource(level.parent.resource);
    const parentId = await context.make(parentLevel.name, await freshParent(parentLevel.name));
    const removed = await api.delete(parentLevel.name, parentId, { intent: 'positive' });
    if (!ok(removed)) return;
    const created = await api.create(collection, ledger.name(collection), parentId, { intent: 'state' });
    if (ok(created.exchange)) {
      session.rule(
        parentRule.name,
        `${level.operations.create} under ${parentLevel.name} item ${parentId}, deleted just before (${removed.response?.status}), answered ${created.exchange.response?.status}; the rule requires ${parentRule.status}`,
        api.rulePointer(parentRule.name),
        created.exchange,
        [removed],
      );
    }
  };

  const renameToOwnName = async (collection: string) => {
    const level = api.resource(collection);
    const name = ledger.name(collection);
    const id = await context.make(collection, await freshParent(collection), name);
    // The no-op-update kind says how a rename that changes nothing is answered (not_a_server_error judges a crash).
    const update = await api.update(collection, id, { name }, { intent: 'state' });
    const noOp = noOpVerdict(doc, level.operations.update, update.response?.status);
    if (noOp !== undefined)
      session.rule(
        noOp.rule.name,
        `${level.operations.update} of ${collection} item ${id} to the name it has answered ${update.response?.status}; an update that changes nothing is accepted with ${noOp.expected}`,
        api.rulePointer(noOp.rule.name),
        update,
      );
    const read = await session.settled(
      () => api.get(collection, id),
      (r) => !ok(r) || nameOf(r) === name,
    );
    // The update-persists kind judges the read.
    const problem = unpersisted({ name }, { ok: ok(read), status: read.response?.status, body: read.response?.json });
    if (problem !== undefined)
      session.rule(
        updatePersists,
        `after renaming ${collection} item ${id} to the name it has (${update.response?.status}), ${level.operations.get} ${problem}`,
        api.operationPointer(level.operations.update),
        read,
        [update],
      );
  };

  const nonEmpty = async (collection: string, how: 'rename' | 'child-delete') => {
    const rule = deleteRules.find((r) => r.resource === collection)!;
    const parentId = await context.make(collection, await freshParent(collection));
    const first = await context.make(rule.children, parentId);
    const before: Exchange[] = [];
    if (how === 'rename') {
      before.push(
        await api.update(rule.children, first, { name: ledger.name('renamed-child') }, { intent: 'positive' }),
      );
    } else {
      await context.make(rule.children, parentId);
      before.push(await api.delete(rule.children, first, { intent: 'positive' }));
    }
    if (!before.every(ok)) return;
    const refused = await api.delete(collection, parentId, { intent: 'state' });
    if (ok(refused)) {
      session.rule(
        rule.name,
        `${rule.operation} of a ${collection} item that still has ${rule.children} (after ${how === 'rename' ? 'renaming its only child' : 'deleting one of its two children'}) answered ${refused.response?.status}; the rule requires ${rule.status}`,
        api.rulePointer(rule.name),
        refused,
        before,
      );
    }
  };

  return defineProperty<LifecycleInput>({
    name: 'lifecycle',
    description:
      'After a rename or a delete: freed names are free, taken ones taken; a deleted item is gone from gets, updates, deletes and lists and is no parent; a parent that keeps children cannot be deleted.',
    requires: { stateful: true },
    independentRuns: true,
    reports: [
      ...unique.map((r) => r.name),
      ...deleteRules.map((r) => r.name),
      parentRule.name,
      gone.name,
      updatePersists,
      ...rulesOfKind(doc, 'no-op-update').map((r) => r.name),
      'use_after_free',
    ],
    runsFactor: 0.2,
    examples: cases,
    arbitrary: () => fc.constantFrom(...cases()),
    async run(_session, input) {
      switch (input.scenario) {
        case 'rename-frees-name':
          return freedName(input.collection, 'rename');
        case 'delete-frees-name':
          return freedName(input.collection, 'delete');
        case 'gone-after-delete':
          return goneAfterDelete(input.collection);
        case 'no-child-under-deleted-parent':
          return noChildUnderDeletedParent(input.collection);
        case 'rename-to-own-name':
          return renameToOwnName(input.collection);
        case 'non-empty-after-rename':
          return nonEmpty(input.collection, 'rename');
        case 'non-empty-after-child-delete':
          return nonEmpty(input.collection, 'child-delete');
      }
    },
  });
}
