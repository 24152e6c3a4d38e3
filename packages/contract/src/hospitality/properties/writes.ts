// What a write does besides its own item, and writes that change nothing: the spec's
// write-isolation, no-op-update and list-filter rules, judged on a small tree of the run's own.
// A live tenant is shared: the oracles compare the run's items with a model of what the run did,
// and ask of lists only that every item fits the filter (checks/answer-rules.ts) and that the
// run's own items appear exactly once, never that a list is exactly what the run made.
import { ruleOf } from '@roomkit/openapi';
import fc from 'fast-check';
import type { Exchange } from '../../http/exchange.js';
import { noOpVerdict } from '../../kinds/no-op-update.js';
import { listedProblem, readProblem, writeIsolationRule } from '../../kinds/write-isolation.js';
import { defineProperty, type PropertyDefinition } from '../../properties/property.js';
import { ok, type HospitalityContext } from '../context.js';

interface Known {
  collection: string;
  parentId: string;
  name: string;
}

/** The run's items of one tree, by id: what reading them must show. */
type Model = Map<string, Known>;

interface Tree {
  model: Model;
  /** Ids per level, root level first: [properties], [room types], [rooms]. */
  levels: string[][];
}

/**
 * A fresh tree: one property with two children, the first child with two children of its own
 * and the second with one (down the spec's hierarchy), so every write has siblings and cousins.
 */
async function buildTree(context: HospitalityContext): Promise<Tree> {
  const model: Model = new Map();
  const levels: string[][] = [];
  let parents = [context.organizationId];
  for (const [depth, level] of context.api.hierarchy.entries()) {
    const ids: string[] = [];
    for (const [index, parentId] of parents.entries()) {
      const count = depth === 0 ? 1 : index === 0 ? 2 : 1;
      for (let i = 0; i < count; i += 1) {
        const name = context.ledger.name(level.name);
        const id = await context.make(level.name, parentId, name);
        model.set(id, { collection: level.name, parentId, name });
        ids.push(id);
      }
    }
    levels.push(ids);
    parents = ids;
  }
  return { model, levels };
}

const nameOf = (exchange: Exchange) => (exchange.response?.json as { name?: unknown } | undefined)?.name;

/**
 * Re-reads every item of the model and walks the lists of each parent below the root: every item
 * shows its model name and parent; every listed item of the run appears exactly once. Returns
 * what differs (and the exchange that shows it).
 */
async function differences(
  context: HospitalityContext,
  model: Model,
): Promise<Array<{ message: string; exchange: Exchange }>> {
  const { api, session } = context;
  const out: Array<{ message: string; exchange: Exchange }> = [];
  for (const [id, known] of model) {
    const field = api.resource(known.collection).parent.field;
    const read = await session.settled(
      () => api.get(known.collection, id),
      (r) => ok(r) && nameOf(r) === known.name,
    );
    // The write-isolation kind judges each read and each list count.
    const problem = readProblem(
      id,
      { ...known, parentField: field },
      { ok: ok(read), status: read.response?.status, body: read.response?.json },
    );
    if (problem !== undefined) out.push({ message: problem, exchange: read });
  }
  const parents = new Set([...model.values()].map((k) => `${k.collection}\u0000${k.parentId}`));
  for (const key of parents) {
    const [collection, parentId] = key.split('\u0000') as [string, string];
    if (parentId === context.organizationId) continue; // the organization's list is shared and long
    const walk = await api.walk(collection, parentId, 1);
    const mine = [...model].filter(([, k]) => k.collection === collection && k.parentId === parentId);
    if (walk.broken !== undefined) continue; // the checks on each page report what broke
    const level = api.resource(collection);
    for (const [id, known] of mine) {
      const times = walk.items.filter((item) => item.id === id).length;
      const problem = listedProblem(id, { ...known, parentField: level.parent.field }, times, level.operations.list);
      if (problem !== undefined) out.push({ message: problem, exchange: walk.pages.at(-1)! });
    }
  }
  return out;
}

/** The collection of a tree's id, from the level it was made on. */
function collectionOf(context: HospitalityContext, tree: Tree, id: string): string {
  return context.api.hierarchy[tree.levels.findIndex((ids) => ids.includes(id))]!.name;
}

/** Children first, so that every delete is of an empty item. */
async function removeTree(context: HospitalityContext, tree: Tree, gone: ReadonlySet<string>): Promise<void> {
  for (const ids of [...tree.levels].reverse())
    for (const id of ids) if (!gone.has(id)) await context.api.delete(collectionOf(context, tree, id), id);
}

type Write = { action: 'update'; level: number; pick: number } | { action: 'delete' | 'create'; pick: number };

/**
 * A write changes only the item it names (rule writes-change-only-their-item): after an update of
 * any item, the delete of a leaf, or the create of a leaf, every other item of the tree reads back
 * as the model says, and each appears once in its parent's list.
 */
export function neighbours(context: HospitalityContext): PropertyDefinition<Write> {
  const { api, session, ledger } = context;
  const rule = writeIsolationRule(session.spec.doc);
  const depth = api.hierarchy.length;
  return defineProperty<Write>({
    name: 'neighbours',
    description: "A write changes only the item it names: its siblings and its parent's read back as they were.",
    requires: { stateful: true },
    independentRuns: true,
    reports: [rule.name],
    runsFactor: 0.2,
    examples: () => [
      { action: 'update', level: depth - 1, pick: 0 },
      { action: 'delete', pick: 0 },
      { action: 'create', pick: 0 },
      { action: 'update', level: depth - 2, pick: 0 },
    ],
    arbitrary: () =>
      fc.oneof(
        fc.record({
          action: fc.constant('update' as const),
          level: fc.nat({ max: depth - 1 }),
          pick: fc.nat({ max: 2 }),
        }),
        fc.record({ action: fc.constantFrom('delete' as const, 'create' as const), pick: fc.nat({ max: 2 }) }),
      ),
    async run(_session, write) {
      const tree = await buildTree(context);
      const gone = new Set<string>();
      const leaves = tree.levels[depth - 1]!;
      const leafLevel = api.hierarchy[depth - 1]!;
      let done: Exchange;
      let what: string;
      if (write.action === 'update') {
        const ids = tree.levels[write.level]!;
        const id = ids[write.pick % ids.length]!;
        const known = tree.model.get(id)!;
        const name = ledger.name('renamed');
        done = await api.update(known.collection, id, { name }, { intent: 'positive' });
        what = `${api.resource(known.collection).operations.update} of ${id}`;
        if (ok(done)) tree.model.set(id, { ...known, name });
      } else if (write.action === 'delete') {
        const id = leaves[write.pick % leaves.length]!;
        done = await api.delete(leafLevel.name, id, { intent: 'positive' });
        what = `${leafLevel.operations.delete} of ${id}`;
        if (ok(done)) {
          tree.model.delete(id);
          gone.add(id);
        }
      } else {
        const parents = tree.levels[depth - 2]!;
        const parentId = parents[write.pick % parents.length]!;
        const name = ledger.name(leafLevel.name);
        const made = await api.create(leafLevel.name, name, parentId, { intent: 'positive' });
        done = made.exchange;
        what = `${leafLevel.operations.create} under ${parentId}`;
        if (made.id !== undefined) {
          tree.model.set(made.id, { collection: leafLevel.name, parentId, name });
          tree.levels[depth - 1]!.push(made.id);
        }
      }
      if (ok(done)) {
        const [first] = await differences(context, tree.model);
        if (first !== undefined)
          session.rule(
            rule.name,
            `after ${what} (answered ${done.response?.status}), another item changed: ${first.message}`,
            api.rulePointer(rule.name),
            first.exchange,
            [done],
          );
      }
      await removeTree(context, tree, gone);
    },
  });
}

/**
 * An update that changes nothing is an ordinary update (rule no-op-update-accepted): renaming an
 * item to the name it has is accepted with the rule's status, and the item reads back unchanged.
 */
export function noOpWrites(context: HospitalityContext): PropertyDefinition<string> {
  const { api, session } = context;
  const doc = session.spec.doc;
  const rule = ruleOf(doc, 'no-op-update');
  const levels = api.hierarchy.filter((level) => rule.operations.includes(level.operations.update));
  return defineProperty<string>({
    name: 'no-op-writes',
    description: `An update that changes nothing (an item renamed to its own name) is accepted with ${rule.status} and changes nothing.`,
    requires: { stateful: true },
    reports: [rule.name],
    runsFactor: 0.1,
    examples: () => levels.map((l) => l.name),
    arbitrary: () => fc.constantFrom(...levels.map((l) => l.name)),
    async run(_session, collection) {
      const parentId = await context.sharedParentOf(collection);
      const name = context.ledger.name(collection);
      const id = await context.make(collection, parentId, name);
      const level = api.resource(collection);
      const update = await api.update(collection, id, { name }, { intent: 'positive' });
      const status = update.response?.status;
      // The no-op-update kind judges the answer.
      const verdict = noOpVerdict(doc, level.operations.update, status);
      if (verdict !== undefined) {
        session.rule(
          verdict.rule.name,
          `${level.operations.update} of ${id} to the name it has (${JSON.stringify(name)}) answered ${status}; an update that changes nothing is accepted with ${verdict.expected}`,
          api.rulePointer(rule.name),
          update,
        );
      } else if (ok(update)) {
        const read = await api.get(collection, id);
        if (ok(read) && nameOf(read) !== name)
          session.rule(
            rule.name,
            `${level.operations.update} of ${id} to the name it has answered ${status}, but it now reads ${JSON.stringify(nameOf(read))}`,
            api.rulePointer(rule.name),
            read,
            [update],
          );
      }
      await api.delete(collection, id);
    },
  });
}
