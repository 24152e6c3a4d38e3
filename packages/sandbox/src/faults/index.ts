// The fault and variation catalogue shared with the contract suite, one file per area. The
// sandbox's entry resolves the names a user switches on into hooks; nothing else here is imported
// by the server.
import { perturbedHooks, type Hooks, type Perturbation } from '../hooks.js';
import { auth } from './auth.js';
import { bounds } from './bounds.js';
import { collectionIds } from './collection-ids.js';
import { credentialParts } from './credential-parts.js';
import type { FaultDefinition, VariationDefinition } from './definition.js';
import { headers } from './headers.js';
import { hierarchy } from './hierarchy.js';
import { names } from './names.js';
import { neighbours } from './neighbours.js';
import { noOpWrites } from './no-op-writes.js';
import { pagination } from './pagination.js';
import { races } from './races.js';
import { pairedIds } from './paired-ids.js';
import { protocol } from './protocol.js';
import { roomRetrieve } from './room-retrieve.js';
import { schemas } from './schemas.js';
import { scope } from './scope.js';
import { statusCodes } from './status-codes.js';
import { tenancy } from './tenancy.js';
import { throttledAnswers } from './throttled-answers.js';
import { variations } from './variations.js';
import { vendorWords } from './vendor-words.js';

export type { FaultArea, FaultDefinition, VariationDefinition } from './definition.js';
export { READ_LAG_MS } from './variations.js';
export { variations };

const groups = [
  pagination,
  names,
  hierarchy,
  statusCodes,
  headers,
  auth,
  tenancy,
  schemas,
  roomRetrieve,
  bounds,
  races,
  vendorWords,
  throttledAnswers,
  credentialParts,
  pairedIds,
  scope,
  neighbours,
  noOpWrites,
  protocol,
  collectionIds,
];

export const faults = {
  ...pagination,
  ...names,
  ...hierarchy,
  ...statusCodes,
  ...headers,
  ...auth,
  ...tenancy,
  ...schemas,
  ...roomRetrieve,
  ...bounds,
  ...races,
  ...vendorWords,
  ...throttledAnswers,
  ...credentialParts,
  ...pairedIds,
  ...scope,
  ...neighbours,
  ...noOpWrites,
  ...protocol,
  ...collectionIds,
};

// A name in two area files would silently keep only the last definition.
const seen = new Set<string>();
for (const name of groups.flatMap((group) => Object.keys(group))) {
  if (seen.has(name)) throw new Error(`Fault "${name}" is defined in two area files of src/faults/.`);
  seen.add(name);
}

export type FaultName = keyof typeof faults;
export type VariationName = keyof typeof variations;

export class UnknownSwitchError extends Error {
  constructor(kind: 'fault' | 'variation', name: string, known: readonly string[]) {
    super(`Unknown ${kind} "${name}". Known ${kind}s: ${known.join(', ')}.`);
    this.name = 'UnknownSwitchError';
  }
}

/** The hooks with the named perturbations applied in order; names are checked first. */
export function composeHooks(
  faultNames: readonly string[] = [],
  variationNames: readonly string[] = [],
  extra: readonly Perturbation[] = [],
): Hooks {
  const perturbations: Perturbation[] = [];
  for (const name of faultNames) {
    const def = (faults as Record<string, FaultDefinition>)[name];
    if (!def) throw new UnknownSwitchError('fault', name, Object.keys(faults));
    perturbations.push(typeof def.perturb === 'function' ? def.perturb() : def.perturb);
  }
  for (const name of variationNames) {
    const def = (variations as Record<string, VariationDefinition>)[name];
    if (!def) throw new UnknownSwitchError('variation', name, Object.keys(variations));
    perturbations.push(typeof def.perturb === 'function' ? def.perturb() : def.perturb);
  }
  return perturbedHooks([...perturbations, ...extra]);
}
