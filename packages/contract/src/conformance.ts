import { requestViolations } from '@roomkit/arbitraries';
import { resourceOf, type OperationInfo } from '@roomkit/openapi';
import { checks } from './checks/registry.js';
import type { Intent } from './checks/types.js';
import { openSpec } from './openapi/open.js';
import type { PropertyOutcome } from './properties/runner.js';
import type { Coverage, CoverageCell, OperationCoverage, RuleCoverage } from './report/coverage.js';
import type { VerifyReport } from './report/types.js';
import { traitsOf } from './suite.js';
import { catalogue } from './catalogue.js';

/*
 * The coverage an HTML report shows (see report/coverage.ts for its shape), derived from a report
 * and from what the suite is. It sits beside verify.ts, not in report/, because it reads the
 * catalogue of properties, which verify builds.
 */

/** The property that sends an operation's own requests (valid, invalid, unauthenticated). */
const operationProperty = (operationId: string) => `operation ${operationId}`;

/**
 * The intents of the requests an operation is judged on, each with the properties that send
 * them: the operation's own property sends valid requests, invalid ones when something in the
 * operation can be broken, and unauthenticated ones when it is secured; the read of a resource
 * also judges what its create and delete left (read back after each create, and after a delete).
 */
function intentsOn(report: VerifyReport, operation: OperationInfo): Map<Intent, string[]> {
  const spec = openSpec(report.api);
  const traits = traitsOf(report.kind);
  const own = [operationProperty(operation.operationId)];
  const intents = new Map<Intent, string[]>([['positive', own]]);
  if (requestViolations(operation, { root: spec.doc }).length > 0) intents.set('negative', own);
  if (operation.security.length > 0) {
    intents.set('missing-auth', own);
    if (traits.validatesCredentials) intents.set('invalid-auth', own);
  }
  const crud = resourceOf(spec.doc, operation.operationId);
  if (traits.stateful && crud?.action === 'get') {
    const { create, delete: remove } = crud.resource.operations as Record<string, string | undefined>;
    if (create !== undefined) intents.set('after-create', [operationProperty(create)]);
    if (remove !== undefined) intents.set('after-delete', [operationProperty(remove)]);
  }
  return intents;
}

const finished = (status: PropertyOutcome['status']) => status === 'passed' || status === 'failed';

function describeOutcome(name: string, outcome: PropertyOutcome | undefined): string {
  if (outcome === undefined) return `${name} was not part of this run (--checks or --property)`;
  if (outcome.status === 'skipped') return `${name} was skipped: ${outcome.reason ?? ''}`;
  if (outcome.status === 'incomplete') return `${name} did not finish: ${outcome.reason ?? ''}`;
  if (outcome.status === 'error') return `${name} crashed: ${(outcome.reason ?? '').split('\n')[0]}`;
  return `${name} ${outcome.status}`;
}

/** Passed when one of the properties that judge it finished; else not run, saying why. */
function judged(
  properties: readonly string[],
  outcomes: ReadonlyMap<string, PropertyOutcome>,
  passed: string,
): CoverageCell {
  const ran = properties.find((name) => finished(outcomes.get(name)?.status ?? 'skipped'));
  if (ran !== undefined)
    return { status: 'passed', why: `${passed} (${ran} ${outcomes.get(ran)!.status})`, violations: [] };
  return {
    status: 'not-run',
    why: properties.map((name) => describeOutcome(name, outcomes.get(name))).join('; '),
    violations: [],
  };
}

export function coverageOf(report: VerifyReport): Coverage {
  const known = catalogue(report.api);
  const outcomes = new Map((report.properties ?? []).map((p) => [p.name, p]));
  const selected = report.selection?.checks === undefined ? undefined : new Set(report.selection.checks);
  const violationsOf = (name: string, operationId?: string) =>
    report.violations
      .map((v, index) => ({ v, n: index + 1 }))
      .filter(({ v }) => v.name === name && (operationId === undefined || v.operationId === operationId))
      .map(({ n }) => n);
  const failed = (numbers: number[]): CoverageCell => ({
    status: 'failed',
    why: `violation ${numbers.join(', ')}`,
    violations: numbers,
  });
  const notSelected: CoverageCell = { status: 'not-run', why: 'not selected (--checks)', violations: [] };

  const operations = openSpec(report.api).operations.map((operation): OperationCoverage => {
    const intents = intentsOn(report, operation);
    const cells: Record<string, CoverageCell> = {};
    for (const check of checks) {
      const found = violationsOf(check.name, operation.operationId);
      if (found.length > 0) {
        cells[check.name] = failed(found);
        continue;
      }
      const judgedOn = check.intents === undefined ? [...intents.keys()] : check.intents.filter((i) => intents.has(i));
      if (judgedOn.length === 0) {
        cells[check.name] = {
          status: 'not-applicable',
          why: `no request of this run is one it judges (${check.intents!.join(', ')}) on ${operation.operationId}`,
          violations: [],
        };
        continue;
      }
      if (selected !== undefined && !selected.has(check.name)) {
        cells[check.name] = notSelected;
        continue;
      }
      const properties = [...new Set(judgedOn.flatMap((i) => intents.get(i)!))];
      cells[check.name] = judged(properties, outcomes, 'no violation');
    }
    return { operationId: operation.operationId, method: operation.method, path: operation.path, cells };
  });

  const rules = known.rules.map((rule): RuleCoverage => {
    // A rule is judged by the properties that report it, and by the checks that judge its kind.
    const names = [rule.name, ...(rule.judgedBy ?? [])];
    const reporters = known.properties.filter((p) => names.some((n) => p.reports?.includes(n))).map((p) => p.name);
    const found = names.flatMap((name) => violationsOf(name)).sort((a, b) => a - b);
    const base = {
      name: rule.name,
      description: rule.description,
      location: `#/x-roomkit-rules/${rule.name}`,
      reportedBy: reporters.map((name) => ({ name, status: outcomes.get(name)?.status ?? ('not-in-run' as const) })),
    };
    if (found.length > 0) return { ...base, ...failed(found) };
    if (selected !== undefined && !names.some((n) => selected.has(n))) return { ...base, ...notSelected };
    if (rule.untestable !== undefined)
      return { ...base, status: 'not-applicable', why: `untestable: ${rule.untestable}`, violations: [] };
    return { ...base, ...judged(reporters, outcomes, 'no violation') };
  });
  // A violation of a name the catalogue does not list (a report from another version) still gets its row.
  const listed = new Set([...checks.map((c) => c.name), ...rules.map((r) => r.name)]);
  for (const [index, v] of report.violations.entries()) {
    if (listed.has(v.name)) continue;
    listed.add(v.name);
    const found = violationsOf(v.name);
    rules.push({
      name: v.name,
      description: '',
      location: v.location,
      reportedBy: [{ name: v.property, status: outcomes.get(v.property)?.status ?? 'not-in-run' }],
      ...failed(found.length > 0 ? found : [index + 1]),
    });
  }

  return {
    checks: known.checks,
    operations,
    rules,
    method: [
      'failed: a violation of this check names this operation (whichever property found it; the number links to it).',
      "passed: a property that sends the requests this check judges on this operation ran (to its end, or to its first failing case: a failed property stops there) and no violation of the check names the operation. The operation's own property (operation <operationId>) sends valid requests, invalid ones when something in the operation can be broken, and requests without or with wrong credentials when it is secured; a resource's read also judges what is read back after its create and after its delete (on a stateful target). Checks without a restriction judge every request of the run on that operation, the rule properties' requests included.",
      'not run: the properties that would judge it were skipped, did not finish (budget, throttling, Ctrl-C, a refused write), crashed or were left out (--checks, --property); or the check was not selected. A cell that did not run proves nothing either way.',
      'n/a: no request the suite sends to this operation is of a kind this check judges (for example use_after_free on a create).',
      'Rules: failed when a violation names the rule (or a check that judges it, such as ignored_auth for the authentication rule); passed when a property that reports it (or such a check) ran (to its end or its first failure) without one; n/a when the spec marks it untestable, with the reason; not run otherwise.',
    ],
  };
}
