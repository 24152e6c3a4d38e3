// The one-collection-per-id rule kind (id-names-one-collection): properties, room types and rooms
// share one id shape, so a vendor that keeps them in one table of units can serve, change or
// delete an item through another collection's path, or take it as the parent of a create. The
// property sends the ids of the run's own items (a fresh property, room type and room) to the
// other collections' operations; whatever a faulty target does changes only the run's own items,
// and an item it creates under the wrong parent enters the ledger like any other create.
import { nounOf, withArticle } from '@roomkit/openapi';
import fc from 'fast-check';
import type { Exchange } from '../../http/exchange.js';
import {
  crossCollectionAccepted,
  crossCollectionProbes,
  oneCollectionPerIdRules,
  wrongParentProbes,
  type OneCollectionPerIdRule,
} from '../../kinds/one-collection-per-id.js';
import { defineProperty, type PropertyDefinition } from '../../properties/property.js';
import type { HospitalityContext } from '../context.js';

/** What the run does with the ids of its own items: send them to another collection's get, update or delete, or name them as a parent of the wrong collection. */
export type CollectionIdsAction = 'get' | 'update' | 'delete' | 'parent';
const ACTIONS: readonly CollectionIdsAction[] = ['get', 'update', 'delete', 'parent'];

export function collectionIds(context: HospitalityContext): PropertyDefinition<CollectionIdsAction>[] {
  return oneCollectionPerIdRules(context.session.spec.doc).map((rule) => collectionIdsOf(context, rule));
}

function collectionIdsOf(
  context: HospitalityContext,
  rule: OneCollectionPerIdRule,
): PropertyDefinition<CollectionIdsAction> {
  const { api, session, ledger } = context;
  const doc = session.spec.doc;
  const levels = api.hierarchy;
  const noun = (collection: string) => nounOf(doc, collection).one;
  const pointer = api.rulePointer(rule.name);

  const report = (exchange: Exchange, what: string) =>
    session.rule(
      rule.name,
      `${exchange.operationId ?? exchange.request.method} ${what} (${exchange.response?.status}); an id names an item of one collection only: expected ${rule.status}, as for any unknown id`,
      pointer,
      exchange,
    );

  /** The run's own chain: one item of every collection, root first, with its collection. */
  const chain = async () => {
    const items: { collection: string; id: string }[] = [];
    let parent = context.organizationId;
    for (const level of levels) {
      parent = await context.make(level.name, parent);
      items.push({ collection: level.name, id: parent });
    }
    return items;
  };

  const itemProbes = async (action: Exclude<CollectionIdsAction, 'parent'>) => {
    const items = await chain();
    const idOf = (collection: string) => items.find((i) => i.collection === collection)!.id;
    // The kind plans the probes (leaves first) and judges each answer.
    for (const { owner, via } of crossCollectionProbes(rule, levels, action)) {
      const id = idOf(owner);
      const options = { intent: 'state' as const };
      const exchange =
        action === 'get'
          ? await api.get(via, id, options)
          : action === 'update'
            ? await api.update(via, id, { name: ledger.name('other-collection') }, options)
            : await api.delete(via, id, options);
      const did = { get: 'served', update: 'changed', delete: 'deleted' }[action];
      if (crossCollectionAccepted(exchange.response?.status))
        report(exchange, `${did} ${withArticle(noun(owner))} this run created (${id}) as ${withArticle(noun(via))}`);
    }
  };

  const parentProbes = async () => {
    const items = await chain();
    for (const { child, wrong } of wrongParentProbes(rule, levels)) {
      const id = items.find((i) => i.collection === wrong)!.id;
      const { exchange } = await api.create(child, ledger.name('wrong-parent'), id, { intent: 'state' });
      if (crossCollectionAccepted(exchange.response?.status))
        report(
          exchange,
          `created ${withArticle(noun(child))} under ${withArticle(noun(wrong))} this run created (${id}), named as its ${api.resource(child).parent.field}`,
        );
    }
  };

  return defineProperty<CollectionIdsAction>({
    name: 'collection-ids',
    description:
      "An id names an item of one collection only: another collection's get, update and delete answer it as unknown, and a create naming it as the wrong collection's parent is refused.",
    requires: { stateful: true },
    reports: [rule.name],
    operations: rule.operations,
    independentRuns: true,
    runsFactor: 0.1,
    examples: () => [...ACTIONS],
    arbitrary: () => fc.constantFrom(...ACTIONS),
    async run(_session, action) {
      if (action === 'parent') await parentProbes();
      else await itemProbes(action);
    },
  });
}
