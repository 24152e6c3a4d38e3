import { nounOf, ruleOf, rulesOfKind, withArticle, type Rule } from '@roomkit/openapi';
import fc from 'fast-check';
import type { Exchange } from '../../http/exchange.js';
import { simultaneously } from '../../http/simultaneous.js';
import { simultaneousDeletesVerdict } from '../../kinds/gone-after-delete.js';
import { defineProperty, type PropertyDefinition } from '../../properties/property.js';
import type { CallOptions } from '../../session.js';
import { allOrFirstError, ok, type HospitalityContext } from '../context.js';

type UniqueRule = Extract<Rule, { kind: 'unique' }>;
type EmptyRule = Extract<Rule, { kind: 'delete-requires-empty' }>;

/** One race: what is raced (a rule of the spec, or a collection) and how. */
type Race =
  | { kind: 'duplicate-create'; rule: UniqueRule }
  | { kind: 'duplicate-rename'; rule: UniqueRule }
  | { kind: 'double-delete'; collection: string }
  | { kind: 'delete-parent-during-child-create'; rule: EmptyRule };

interface RaceInput {
  /** Key of the race (`duplicate-create room-name-unique-per-property`, `double-delete rooms`). */
  race: string;
  /** Requests sent together. */
  width: number;
  /** Spread the items over two parents of one scope (unique rules hold across parents). */
  spread: boolean;
}

const keyOf = (race: Race): string =>
  `${race.kind} ${race.kind === 'double-delete' ? race.collection : race.rule.name}`;

const statusOf = (exchange: Exchange): string => String(exchange.response?.status ?? exchange.error);

/**
 * Races of writes that a server checking, then awaiting, then writing gets wrong: requests sent so
 * that the target has all of them before it answers any (`http/simultaneous.ts`), each judged by
 * the spec's rules, which hold for simultaneous requests as for one at a time (the outcome is that
 * of some order of them): of identical creates or renames in a `unique` rule's scope at most one
 * succeeds; of deletes of one id one succeeds and the others answer the `gone-after-delete` status;
 * a parent's delete and a create under it are not both acknowledged (`delete-requires-empty`,
 * `parent-must-exist`). A 5xx is reported by the checks on every answer.
 */
export function races(context: HospitalityContext): PropertyDefinition<RaceInput> {
  const { api, session, ledger } = context;
  const doc = session.spec.doc;
  const uniqueRules = rulesOfKind(doc, 'unique');
  const emptyRules = rulesOfKind(doc, 'delete-requires-empty');
  const gone = ruleOf(doc, 'gone-after-delete');
  const parentMustExist = rulesOfKind(doc, 'parent-must-exist')[0];
  const all: Race[] = [
    ...uniqueRules.map((rule) => ({ kind: 'duplicate-create' as const, rule })),
    ...uniqueRules
      .filter((rule) => rule.operations.includes(api.resource(rule.resource).operations.update))
      .map((rule) => ({ kind: 'duplicate-rename' as const, rule })),
    ...api.hierarchy.map((level) => ({ kind: 'double-delete' as const, collection: level.name })),
    ...emptyRules.map((rule) => ({ kind: 'delete-parent-during-child-create' as const, rule })),
  ];
  const byKey = new Map(all.map((race) => [keyOf(race), race]));
  const noun = (collection: string) => nounOf(doc, collection).one;

  /** The parent of a new `collection` item, in a fresh chain. */
  const freshParent = async (collection: string): Promise<string> =>
    (await context.chainTo(collection)).at(-1) ?? context.organizationId;

  /** A fresh scope item of `rule` and `count` parents of its resource inside it. */
  const scopeWithParents = async (rule: UniqueRule, count: number): Promise<string[]> => {
    const scopeId = await context.make(rule.scope, await freshParent(rule.scope));
    const levels = api.hierarchy;
    const parentLevel = api.resource(api.resource(rule.resource).parent.resource);
    const between = levels.slice(levels.findIndex((l) => l.name === rule.scope) + 1, levels.indexOf(parentLevel) + 1);
    // The parents are made together: a lagging target costs one wait per level, not per parent.
    return allOrFirstError(
      Array.from({ length: count }, async () => {
        let id = scopeId;
        for (const level of between) id = await context.make(level.name, id);
        return id;
      }),
    );
  };

  /**
   * Sends the calls together; every one passes the session (checks) and the transport (safety).
   * With fewer requests allowed in flight than the batch holds (`--concurrency 1`), they go as the
   * window lets them, one after another: the rules still hold in that order, but no race is tried.
   */
  const together = async (calls: Array<{ operationId: string; options: CallOptions }>): Promise<Exchange[]> =>
    session.transport.window.concurrency < calls.length
      ? Promise.all(calls.map((c) => session.call(c.operationId, c.options)))
      : (
          await simultaneously(calls.length, (dispatch, i) =>
            session.call(calls[i]!.operationId, { ...calls[i]!.options, dispatch }),
          )
        ).results;

  /** The unique rule's verdict on writes of one value that were sent together. */
  const judgeUnique = (rule: UniqueRule, operationId: string, value: string, answers: Exchange[]): boolean => {
    const accepted = answers.filter(ok);
    const statuses = answers.map(statusOf).join(', ');
    const scope = noun(rule.scope);
    if (accepted.length > 1) {
      session.rule(
        rule.name,
        `${answers.length} simultaneous ${operationId} requests with ${rule.field} ${JSON.stringify(value)} in one ${scope} answered ${statuses}: ${accepted.length} succeeded; at most one may, the others must be refused with ${rule.status}`,
        api.rulePointer(rule.name),
        accepted[1],
        answers.filter((a) => a !== accepted[1]),
      );
      return true;
    }
    if (accepted.length === 0 && answers.every((a) => a.response?.status === rule.status)) {
      session.rule(
        rule.name,
        `${answers.length} simultaneous ${operationId} requests with ${rule.field} ${JSON.stringify(value)}, free in its ${scope}, were all refused (${statuses}): one of them must succeed`,
        api.rulePointer(rule.name),
        answers[0],
        answers.slice(1),
      );
      return true;
    }
    return false;
  };

  const run = {
    async 'duplicate-create'(race: Extract<Race, { kind: 'duplicate-create' }>, input: RaceInput) {
      const { rule } = race;
      const resource = api.resource(rule.resource);
      const parents = await scopeWithParents(rule, input.spread ? 2 : 1);
      const value = ledger.name('race');
      const sent = Array.from({ length: input.width }, (_, i) => parents[i % parents.length]!);
      const answers = await together(
        sent.map((parentId) => ({
          operationId: resource.operations.create,
          options: { json: { name: value, [rule.field]: value, [resource.parent.field]: parentId }, intent: 'state' },
        })),
      );
      const reported = judgeUnique(rule, resource.operations.create, value, answers);
      // What the target holds afterwards: a refusal that still wrote is as wrong as two successes.
      const first = Math.min(...answers.map((a) => a.seq));
      const holders: Array<{ id: string; parentId: string }> = [];
      let listing: Exchange | undefined;
      for (const parentId of parents) {
        const walk = await api.walk(rule.resource, parentId);
        listing ??= walk.pages[0];
        for (const item of walk.items.filter((i) => i[rule.field] === value)) {
          holders.push({ id: item.id, parentId });
          // It carries this run's name under this run's parent and was not there before the race:
          // the run's own, though no create acknowledged it, so cleanup deletes it too.
          if (!ledger.owns(item.id) && !ledger.wasSeen(item.id, first))
            ledger.record(rule.resource, item.id, parentId, value);
        }
      }
      if (!reported && holders.length > 1) {
        session.rule(
          rule.name,
          `${answers.length} simultaneous ${resource.operations.create} requests with ${rule.field} ${JSON.stringify(value)} in one ${noun(rule.scope)} answered ${answers.map(statusOf).join(', ')}, but ${holders.length} ${nounOf(doc, rule.resource).many} now carry it (${holders.map((h) => h.id).join(', ')})`,
          api.rulePointer(rule.name),
          listing,
          answers,
        );
      }
    },

    async 'duplicate-rename'(race: Extract<Race, { kind: 'duplicate-rename' }>, input: RaceInput) {
      const { rule } = race;
      const resource = api.resource(rule.resource);
      const parents = await scopeWithParents(rule, input.spread ? 2 : 1);
      const items = await allOrFirstError(
        Array.from({ length: input.width }, (_, i) => context.make(rule.resource, parents[i % parents.length]!)),
      );
      const value = ledger.name('race');
      const answers = await together(
        items.map((id) => ({
          operationId: resource.operations.update,
          options: { path: { [resource.idParameter]: id }, json: { [rule.field]: value }, intent: 'state' },
        })),
      );
      if (judgeUnique(rule, resource.operations.update, value, answers)) return;
      const reads = [];
      for (const id of items) reads.push(await api.get(rule.resource, id));
      const holders = reads.filter(
        (r) => (r.response?.json as Record<string, unknown> | undefined)?.[rule.field] === value,
      );
      if (holders.length > 1) {
        session.rule(
          rule.name,
          `${answers.length} simultaneous ${resource.operations.update} requests to ${rule.field} ${JSON.stringify(value)} in one ${noun(rule.scope)} answered ${answers.map(statusOf).join(', ')}, but ${holders.length} ${nounOf(doc, rule.resource).many} now carry it`,
          api.rulePointer(rule.name),
          holders[1],
          [...answers, holders[0]!],
        );
      }
    },

    async 'double-delete'(race: Extract<Race, { kind: 'double-delete' }>, input: RaceInput) {
      const resource = api.resource(race.collection);
      const id = await context.make(race.collection, await freshParent(race.collection));
      const answers = await together(
        Array.from({ length: input.width }, () => ({
          operationId: resource.operations.delete,
          options: { path: { [resource.idParameter]: id }, intent: 'state' },
        })),
      );
      // The gone-after-delete kind judges them; a 5xx is reported by not_a_server_error.
      const verdict = simultaneousDeletesVerdict(
        doc,
        answers.map((a) => a.response?.status),
      );
      if (verdict !== undefined) {
        session.rule(
          gone.name,
          `${answers.length} simultaneous ${resource.operations.delete} requests of one ${noun(race.collection)} answered ${answers.map(statusOf).join(', ')}: ${verdict.reason}, as a delete of a deleted item does`,
          api.rulePointer(gone.name),
          answers[verdict.culprit],
          answers,
        );
      }
      if (answers.some(ok)) await api.get(race.collection, id, { intent: 'after-delete' });
    },

    async 'delete-parent-during-child-create'(
      race: Extract<Race, { kind: 'delete-parent-during-child-create' }>,
      input: RaceInput,
    ) {
      const { rule } = race;
      const parent = api.resource(rule.resource);
      const child = api.resource(rule.children);
      const parentId = await context.make(rule.resource, await freshParent(rule.resource));
      const answers = await together([
        {
          operationId: parent.operations.delete,
          options: { path: { [parent.idParameter]: parentId }, intent: 'state' },
        },
        ...Array.from({ length: Math.max(1, input.width - 1) }, () => ({
          operationId: child.operations.create,
          options: {
            json: { name: ledger.name(rule.children), [child.parent.field]: parentId },
            intent: 'state' as const,
          },
        })),
      ]);
      const [removal, ...creates] = answers as [Exchange, ...Exchange[]];
      const created = creates.filter(ok);
      if (ok(removal) && created.length > 0) {
        session.rule(
          rule.name,
          `${parent.operations.delete} of an empty ${noun(rule.resource)} and ${creates.length} simultaneous ${child.operations.create} under it answered ${answers.map(statusOf).join(', ')}: the ${noun(rule.resource)} was deleted while ${created.length === 1 ? `${withArticle(noun(rule.children))} was` : `${nounOf(doc, rule.children).many} were`} created in it. One of them must be refused: the delete of ${withArticle(noun(rule.resource))} with ${withArticle(noun(rule.children))} (${rule.status}), or the create under a deleted ${noun(rule.resource)}${parentMustExist === undefined ? '' : ` (${parentMustExist.name}, ${parentMustExist.status})`}`,
          api.rulePointer(rule.name),
          removal,
          creates,
        );
        return;
      }
      const after = await api.get(rule.resource, parentId, ok(removal) ? { intent: 'after-delete' } : {});
      if (!ok(removal) && created.length > 0 && !ok(after)) {
        session.rule(
          rule.name,
          `${parent.operations.delete} was refused (${statusOf(removal)}) as ${child.operations.create} under it succeeded, but the ${noun(rule.resource)} is gone afterwards (${statusOf(after)})`,
          api.rulePointer(rule.name),
          after,
          answers,
        );
      }
    },
  };

  return defineProperty<RaceInput>({
    name: 'races',
    description:
      'Simultaneous writes (every request on the wire before any answer): of identical creates or renames in a uniqueness scope at most one succeeds, of deletes of one id one succeeds and the rest answer not found, a parent is not deleted while a child is created in it.',
    requires: { stateful: true },
    reports: [
      ...new Set([
        ...uniqueRules.map((r) => r.name),
        gone.name,
        ...emptyRules.map((r) => r.name),
        'not_a_server_error',
      ]),
    ],
    runsFactor: 0.2,
    // Each run races on a fresh chain of its own.
    independentRuns: true,
    examples: () =>
      all.map((race) => ({ race: keyOf(race), width: race.kind === 'double-delete' ? 3 : 2, spread: true })),
    arbitrary: () =>
      fc.record({
        race: fc.constantFrom(...all.map(keyOf)),
        width: fc.integer({ min: 2, max: 4 }),
        spread: fc.boolean(),
      }),
    async run(_session, input) {
      const race = byKey.get(input.race);
      if (race === undefined) throw new Error(`no race ${input.race} in this spec`);
      switch (race.kind) {
        case 'duplicate-create':
          return run['duplicate-create'](race, input);
        case 'duplicate-rename':
          return run['duplicate-rename'](race, input);
        case 'double-delete':
          return run['double-delete'](race, input);
        case 'delete-parent-during-child-create':
          return run['delete-parent-during-child-create'](race, input);
      }
    },
  });
}
