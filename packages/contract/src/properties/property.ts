import fc from 'fast-check';
import type { TargetTraits } from '../checks/types.js';
import type { Session } from '../session.js';

export interface PropertyRequirements extends Partial<TargetTraits> {
  /** Needs `--second-token` / `--second-organization-id`. */
  secondOrganization?: boolean;
}

/**
 * A named fast-check property over one target. `arbitrary` draws the input, `run` performs
 * it through the session (whose checks and rules record what breaks); the runner turns a
 * failed, shrunk run into violations.
 */
export interface PropertyDefinition<T = unknown> {
  name: string;
  description: string;
  requires: PropertyRequirements;
  /** Check and rule names the property can report; `--checks` skips it when none is selected. */
  reports: readonly string[];
  /**
   * The operations whose answers it judges (`--operations` / `--exclude-operations` skip it when
   * one is left out); absent: every operation of the spec (rule properties build and observe state
   * through all of them).
   */
  operations?: readonly string[];
  /** Multiplies `--runs` (expensive properties use fewer runs). */
  runsFactor?: number;
  /**
   * Its runs are independent of each other (each builds the state it judges, or only reads shared
   * state): the runner splits them into `RUN_GROUPS` groups (one fast-check run each, seeds derived
   * from `--seed`) that run side by side. The split does not depend on `--concurrency`, so every
   * level draws the same inputs; `--concurrency 1` runs the groups one after another.
   */
  independentRuns?: boolean;
  /** Hand-picked inputs tried before the random ones (fast-check `examples`). */
  examples?: (session: Session) => T[];
  /** Builds state the arbitrary needs (fixtures whose ids it draws from); runs once, before any run. */
  setup?(session: Session): Promise<void>;
  arbitrary(session: Session): fc.Arbitrary<T>;
  run(session: Session, input: T): Promise<void>;
}

export function defineProperty<T>(definition: PropertyDefinition<T>): PropertyDefinition<T> {
  return definition;
}

export function whyNotApplicable(
  requires: PropertyRequirements,
  traits: TargetTraits,
  hasSecond: boolean,
): string | undefined {
  if (requires.stateful === true && !traits.stateful) return 'needs a stateful target';
  if (requires.validatesCredentials === true && !traits.validatesCredentials)
    return 'needs a target that validates credentials';
  if (requires.secondOrganization === true && !hasSecond) return 'needs --second-token and --second-organization-id';
  return undefined;
}

/** Thrown when a property cannot build the state it needs; the refusal was already checked and recorded. */
export class SetupFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetupFailed';
  }
}
