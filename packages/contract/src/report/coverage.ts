import type { PropertyOutcome } from '../properties/runner.js';

/**
 * What a report shows about each check on each operation, and about each rule: derived from the
 * report (its properties' outcomes, its violations, its `--checks` selection) and from what the
 * suite is (the catalogue, the registry's intents, the spec): see conformance.ts. Nothing is
 * guessed from names.
 */
export type CellStatus = 'passed' | 'failed' | 'not-run' | 'not-applicable';

export interface CoverageCell {
  status: CellStatus;
  /** One sentence: why the cell has its status. */
  why: string;
  /** 1-based numbers of the report's violations behind a failed cell. */
  violations: number[];
}

export interface OperationCoverage {
  operationId: string;
  method: string;
  path: string;
  /** By check name, in the registry's order. */
  cells: Record<string, CoverageCell>;
}

export interface RuleCoverage extends CoverageCell {
  name: string;
  description: string;
  /** The spec pointer of the rule (`#/x-roomkit-rules/<name>`), or the place a violation names. */
  location: string;
  /** The properties that report the rule, with what became of each in this run. */
  reportedBy: Array<{ name: string; status: PropertyOutcome['status'] | 'not-in-run' }>;
}

export interface Coverage {
  /** The registry's checks, in its order: the table's columns. */
  checks: Array<{ name: string; description: string }>;
  operations: OperationCoverage[];
  rules: RuleCoverage[];
  /** How the cells are derived, for the reader of the page. */
  method: string[];
}
