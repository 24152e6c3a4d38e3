// The `one-collection-per-id` rule kind (id-names-one-collection): where collections share one id
// shape, an id names an item of one collection only. Through another collection's get, update or
// delete it is unknown; a create naming it as the parent of a collection whose parent is another
// is refused. Its rules read from the spec, the probes a run's own items make possible (pure, from
// the spec's hierarchy), and the verdict on an answer. The collection-ids property sends them.
import { rulesOfKind, type OpenApiDocument, type ResourceInfo, type Rule } from '@roomkit/openapi';

export type OneCollectionPerIdRule = Extract<Rule, { kind: 'one-collection-per-id' }>;

/** The spec's `one-collection-per-id` rules. */
export function oneCollectionPerIdRules(doc: OpenApiDocument): OneCollectionPerIdRule[] {
  return rulesOfKind(doc, 'one-collection-per-id');
}

type Level = Pick<ResourceInfo, 'name' | 'parent' | 'operations'>;

/**
 * For a get, update or delete: each (owner, via) pair of collections where an item of `owner` can
 * be named through `via`'s operation, which the rule lists. Leaves first: a delete that wrongly
 * succeeds removes a leaf, never a parent with children.
 */
export function crossCollectionProbes(
  rule: OneCollectionPerIdRule,
  levels: readonly Level[],
  action: 'get' | 'update' | 'delete',
): { owner: string; via: string }[] {
  return [...levels]
    .reverse()
    .flatMap((owner) =>
      levels
        .filter((via) => via.name !== owner.name && rule.operations.includes(via.operations[action]))
        .map((via) => ({ owner: owner.name, via: via.name })),
    );
}

/** For a create: each (child, wrong) pair where an item of `wrong` is named as the parent of a `child`, whose parent is another collection. */
export function wrongParentProbes(
  rule: OneCollectionPerIdRule,
  levels: readonly Level[],
): { child: string; wrong: string }[] {
  return levels
    .filter((child) => rule.operations.includes(child.operations.create))
    .flatMap((child) =>
      levels
        .filter((wrong) => wrong.name !== child.parent.resource)
        .map((wrong) => ({ child: child.name, wrong: wrong.name })),
    );
}

/**
 * The verdict on the answer to a probe: a success breaks the rule (the id was taken as another
 * collection's); any refusal keeps it (an unknown id answers the gone-after-delete status, a create
 * under a parent that is not there the parent-must-exist status: their own rules judge those).
 */
export function crossCollectionAccepted(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}
