import type { SpecView } from './openapi/view.js';
import type { PropertyDefinition } from './properties/property.js';
import type { PropertyOutcome } from './properties/runner.js';
import type { VerifyReport } from './report/types.js';
import { UsageError } from './suite.js';

/**
 * What `--operations`, `--exclude-operations` and `--exclude-checks` leave in a run. A property
 * that judges an operation left out is not run (and the report says why), rather than run in part
 * and shown as passed; findings on a left-out operation (a setup request's) are not reported.
 */
export interface RunFilter {
  /** Operation ids left in the run. */
  operations: ReadonlySet<string>;
  /** Operation ids left out, in spec order. */
  excludedOperations: string[];
  /** The flags that left them out, as the report names them. */
  operationFlags: string;
  /** Properties named by `--exclude-checks`. */
  excludedProperties: string[];
  /** Every name `--exclude-checks` was given (checks, rules and properties). */
  excludedChecks: string[];
}

/** `--operations` / `--exclude-operations` values: each an operationId or a tag of the spec, or a usage error listing both. */
function operationsNamed(spec: SpecView, flag: string, names: readonly string[]): Set<string> {
  const ids = spec.operations.map((o) => o.operationId);
  const tags = [...new Set(spec.operations.flatMap((o) => o.tags))];
  const unknown = names.filter((name) => !ids.includes(name) && !tags.includes(name));
  if (unknown.length > 0)
    throw new UsageError(
      `${flag}: unknown operation or tag ${unknown.map((u) => JSON.stringify(u)).join(', ')} in the ${spec.api} spec; give operation ids (${ids.join(', ')}) or tags (${tags.join(', ')}).`,
    );
  return new Set(
    spec.operations
      .filter((o) => names.includes(o.operationId) || o.tags.some((t) => names.includes(t)))
      .map((o) => o.operationId),
  );
}

/** The filter of a run, from the flags; `undefined` when none was given. */
export function runFilter(
  spec: SpecView,
  flags: { operations?: string[]; excludeOperations?: string[]; excludeChecks?: string[] },
  selectable: { properties: readonly string[]; all: readonly string[]; api: string },
): RunFilter | undefined {
  if (flags.operations === undefined && flags.excludeOperations === undefined && flags.excludeChecks === undefined)
    return undefined;
  const unknown = (flags.excludeChecks ?? []).filter((name) => !selectable.all.includes(name));
  if (unknown.length > 0)
    throw new UsageError(
      `--exclude-checks: unknown name(s) ${unknown.join(', ')}; \`roomkit list-checks ${selectable.api}\` lists the checks, rules and properties it accepts: ${selectable.all.join(', ')}.`,
    );
  const included =
    flags.operations === undefined
      ? new Set(spec.operations.map((o) => o.operationId))
      : operationsNamed(spec, '--operations', flags.operations);
  const excluded =
    flags.excludeOperations === undefined
      ? new Set<string>()
      : operationsNamed(spec, '--exclude-operations', flags.excludeOperations);
  const operations = new Set([...included].filter((id) => !excluded.has(id)));
  if (operations.size === 0)
    throw new UsageError(
      `--operations and --exclude-operations leave no operation of the ${spec.api} spec to verify; give fewer exclusions.`,
    );
  const excludeChecks = flags.excludeChecks ?? [];
  return {
    operations,
    excludedOperations: spec.operations.map((o) => o.operationId).filter((id) => !operations.has(id)),
    operationFlags: [
      ...(flags.operations === undefined ? [] : ['--operations']),
      ...(flags.excludeOperations === undefined ? [] : ['--exclude-operations']),
    ].join(' and '),
    excludedProperties: excludeChecks.filter((name) => selectable.properties.includes(name)),
    excludedChecks: excludeChecks,
  };
}

/** Why the filter keeps a property from running, or nothing. */
export function notRunBecause(
  filter: RunFilter,
  property: Pick<PropertyDefinition, 'name' | 'operations'>,
  spec: SpecView,
): string | undefined {
  if (filter.excludedProperties.includes(property.name)) return 'left out by --exclude-checks';
  const needs = property.operations ?? spec.operations.map((o) => o.operationId);
  const missing = needs.filter((id) => !filter.operations.has(id));
  if (missing.length === 0) return undefined;
  const shown =
    missing.length > 3 ? `${missing.slice(0, 3).join(', ')} and ${missing.length - 3} more` : missing.join(', ');
  return `judges ${shown}, left out by ${filter.operationFlags}`;
}

/** Answers of an operation the filter left out are not the run's to judge (a setup request's, say). */
export function judgedBy(filter: RunFilter): (operationId: string) => boolean {
  return (operationId) => filter.operations.has(operationId);
}

/** A property the filter kept from running, as the report shows it. */
export function notRunOutcome(
  property: Pick<PropertyDefinition, 'name' | 'description'>,
  reason: string,
): PropertyOutcome {
  const { name, description } = property;
  return { name, description, status: 'skipped', reason, numRuns: 0, numShrinks: 0, durationMs: 0, requests: 0 };
}

/** What the report's `selection` records of the filter. */
export function filterSelection(filter: RunFilter | undefined): NonNullable<VerifyReport['selection']> {
  if (filter === undefined) return {};
  return {
    ...(filter.excludedOperations.length === 0 ? {} : { excludedOperations: filter.excludedOperations }),
    ...(filter.excludedChecks.length === 0 ? {} : { excludedChecks: filter.excludedChecks }),
  };
}
