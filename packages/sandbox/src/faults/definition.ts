import type { Perturbation } from '../hooks.js';

/**
 * The status a fault's answer carries to leave the request unanswered: the sandbox closes the
 * connection instead of writing it (a server that drops the request). No HTTP status is 0.
 */
export const NO_ANSWER = 0;

export type FaultArea =
  | 'pagination'
  | 'names'
  | 'hierarchy'
  | 'status-codes'
  | 'headers'
  | 'auth'
  | 'tenancy'
  | 'schemas'
  | 'room-retrieve'
  | 'bounds'
  | 'races'
  | 'scope'
  | 'neighbours'
  | 'no-op-writes'
  | 'throttled-answers'
  | 'protocol'
  | 'collection-ids';

/**
 * A vendor fault the contract suite must catch: a small named perturbation of the hooks. A fault
 * that keeps state (a request count) gives a function, called once per sandbox.
 */
export interface FaultDefinition {
  area: FaultArea;
  description: string;
  perturb: Perturbation | (() => Perturbation);
}

/**
 * A legitimate vendor variation the contract suite must accept; its name is a tolerance of the
 * spec (`x-roomkit-tolerances`). A variation that keeps state (a request count) gives a function,
 * called once per sandbox.
 */
export interface VariationDefinition {
  description: string;
  perturb: Perturbation | (() => Perturbation);
}
