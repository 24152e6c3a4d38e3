import type { Perturbation } from '../hooks.js';

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
  | 'bounds';

/** A vendor fault the contract suite must catch: a small named perturbation of the hooks. */
export interface FaultDefinition {
  area: FaultArea;
  description: string;
  perturb: Perturbation;
}

/** A legitimate vendor variation the contract suite must accept. */
export interface VariationDefinition {
  description: string;
  perturb: Perturbation;
}
