import type { Violation } from '../checks/types.js';
import type { Exchange } from '../http/exchange.js';
import { baselineLines, baselineMark } from './baseline-text.js';
import type { VerifyReport } from './types.js';

function clip(text: string, max = 600): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

function describeExchange(exchange: Exchange, indent: string): string[] {
  const lines = [`${indent}request:  ${exchange.request.method} ${exchange.request.url}`];
  if (exchange.request.body !== undefined) lines.push(`${indent}          ${clip(exchange.request.body, 300)}`);
  if (exchange.response === undefined) {
    lines.push(`${indent}response: none (${exchange.error ?? 'no answer'})`);
  } else {
    const r = exchange.response;
    lines.push(
      `${indent}response: ${r.status} ${r.headers['content-type'] ?? ''} (${exchange.durationMs.toFixed(1)} ms)`,
    );
    if (r.text !== '') lines.push(`${indent}          ${clip(r.text, 400)}`);
  }
  if (exchange.curl !== undefined) lines.push(`${indent}curl:     ${exchange.curl}`);
  return lines;
}

/** Counts per check and rule, in first-seen order. */
export function groupByName(
  violations: readonly Violation[],
): Array<{ name: string; kind: Violation['kind']; count: number }> {
  const groups = new Map<string, { name: string; kind: Violation['kind']; count: number }>();
  for (const v of violations) {
    const group = groups.get(v.name) ?? { name: v.name, kind: v.kind, count: 0 };
    group.count += 1;
    groups.set(v.name, group);
  }
  return [...groups.values()];
}

/** The human summary: properties, violations grouped by check/rule, then each violation in detail. */
export function formatTerminal(report: VerifyReport): string {
  const out: string[] = [];
  out.push(
    `roomkit verify ${report.api} against ${report.baseUrl} (${report.kind} target) · seed ${report.seed} · runs ${report.runs} · run id ${report.runId}`,
  );
  out.push('');
  out.push('properties:');
  for (const p of report.properties) {
    const mark = { passed: '✔', failed: '✘', skipped: '-', incomplete: '…', error: '!' }[p.status];
    const detail =
      p.status === 'skipped'
        ? `skipped: ${p.reason}`
        : `${p.numRuns} runs, ${p.numShrinks} shrinks, ${p.requests} requests, ${(p.durationMs / 1000).toFixed(2)} s${p.reason ? ` (${p.reason.split('\n')[0]})` : ''}`;
    out.push(`  ${mark} ${p.name.padEnd(34)} ${detail}`);
  }
  out.push('');
  const groups = groupByName(report.violations);
  if (groups.length === 0) {
    out.push('violations: none');
  } else {
    out.push('violations by check and rule:');
    for (const g of groups)
      out.push(`  ${String(g.count).padStart(4)}  ${g.kind === 'rule' ? 'rule ' : 'check'}  ${g.name}`);
    out.push('');
    report.violations.forEach((v, index) => {
      out.push(
        `${index + 1}) ${baselineMark(v)}${v.kind} ${v.name}  (property ${v.property}${v.operationId ? `, ${v.operationId}` : ''})`,
      );
      out.push(`   spec:     ${v.location}`);
      out.push(`   problem:  ${v.message}`);
      if (v.alsoFoundBy !== undefined) out.push(`   also found by: ${v.alsoFoundBy.join(', ')}`);
      if (v.counterexample !== undefined) out.push(`   shrunk input: ${clip(v.counterexample, 300)}`);
      if (v.exchange !== undefined) out.push(...describeExchange(v.exchange, '   '));
      if (v.context !== undefined && v.context.length > 0)
        out.push(`   (after ${v.context.length} earlier request(s) of the same run; see --json)`);
      if (v.replay !== undefined) out.push(`   replay:   ${v.replay.report ?? v.replay.verify}`);
      if (v.reproduction !== undefined)
        out.push(
          `   reproduction: ${v.reproduction.steps.length} request(s) from an empty start${v.replay?.report === undefined ? ' (add --json for the script)' : ' (reproduction.script in the JSON report)'}`,
        );
      out.push('');
    });
  }
  for (const p of report.properties.filter((p) => p.status === 'error')) out.push(`error in ${p.name}: ${p.reason}`);
  if (report.stoppedEarly !== undefined) out.push(`stopped early: ${report.stoppedEarly}`);
  if (report.createsRefused !== undefined) out.push(`stopped creating: ${report.createsRefused}`);
  const { leftovers } = report.cleanup;
  out.push(
    `cleanup: deleted ${report.cleanup.deleted} resource(s) this run created${report.cleanup.stoppedEarly === undefined ? '' : ` (stopped early: ${report.cleanup.stoppedEarly})`}`,
  );
  if (leftovers.length > 0) {
    out.push(`cleanup could NOT delete ${leftovers.length} resource(s) (names start with roomkit-${report.runId}-):`);
    for (const left of leftovers) out.push(`  ${left.collection}/${left.id}  ${left.reason}`);
  }
  const { unaccounted, kept } = report.cleanup;
  if (kept.length > 0) {
    out.push(`kept ${kept.length} resource(s) of failing cases in place (--keep-failing):`);
    for (const k of kept)
      out.push(`  ${k.collection}/${k.id}${k.name === undefined ? '' : ` named ${JSON.stringify(k.name)}`}`);
  }
  if (unaccounted.length > 0) {
    out.push(
      `${unaccounted.length} create(s) may have made something this run could not verify as its own, so it did not delete it (never touching what may not be its own):`,
    );
    for (const u of unaccounted)
      out.push(
        `  ${u.collection}/${u.id ?? '?'}${u.name === undefined ? '' : ` named ${JSON.stringify(u.name)}`}${u.parentId === undefined ? '' : ` under ${u.parentId}`}: ${u.reason}`,
      );
  }
  out.push(
    `requests: ${report.requests} in ${(report.durationMs / 1000).toFixed(2)} s (${report.requestsPerSecond.toFixed(1)} requests/s)${report.throttledRetries > 0 ? `, ${report.throttledRetries} throttled retries` : ''}${(report.reconnects ?? 0) > 0 ? `, ${report.reconnects} sent again on a new connection` : ''}${report.engine === undefined ? '' : `; ${engineSummary(report.engine)}`}`,
  );
  const envs = [
    ...new Set([...JSON.stringify(report.violations).matchAll(/\$\{(ROOMKIT_[A-Z_]+)\}/g)].map((m) => m[1]!)),
  ];
  if (envs.length > 0)
    out.push(
      `curl commands read credentials from the environment: export ${envs.map((e) => `${e}=...`).join(' ')} before running them`,
    );
  const names = new Set(report.violations.map((v) => v.name));
  if (report.kind === 'stateful' && names.has('ignored_auth') && names.has('use_after_free')) {
    out.push(
      'hint: a stateless mock such as Prism accepts any credential and remembers nothing; if the target is one, add --stateless',
    );
  }
  const notRunText = notRunByReason(report)
    .map(({ reason, names }) => `${names.length > 3 ? `${names.length} properties` : names.join(', ')}: ${reason}`)
    .join('; ');
  out.push(...baselineLines(report, incompleteReasons(report)));
  if (report.result === 'conforms') out.push(`result: conforms${notRunText === '' ? '' : ` (not run: ${notRunText})`}`);
  else if (report.result === 'violations')
    out.push(`result: ${report.violations.length} violation(s) in ${groups.length} check(s)/rule(s)`);
  else
    out.push(
      `result: incomplete (${incompleteReasons(report).join('; ')}): not every property ran to the end, so conformance is not shown`,
    );
  return out.join('\n');
}

/** The properties that did not run (skipped), grouped by why. */
export function notRunByReason(report: VerifyReport): Array<{ reason: string; names: string[] }> {
  const byReason = new Map<string, string[]>();
  for (const p of report.properties.filter((p) => p.status === 'skipped'))
    byReason.set(p.reason ?? 'skipped', [...(byReason.get(p.reason ?? 'skipped') ?? []), p.name]);
  return [...byReason].map(([reason, names]) => ({ reason, names }));
}

/** Why a run is `incomplete`: each thing that keeps it from showing conformance. */
export function incompleteReasons(report: VerifyReport): string[] {
  const names = report.properties.filter((p) => p.status === 'incomplete' || p.status === 'error').map((p) => p.name);
  const { leftovers, unaccounted } = report.cleanup;
  return [
    ...(report.stoppedEarly === undefined ? [] : [report.stoppedEarly]),
    ...(names.length === 0
      ? []
      : [
          `${names.length} propert${names.length === 1 ? 'y' : 'ies'} did not finish: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`,
        ]),
    ...(leftovers.length > 0 ? [`cleanup left ${leftovers.length} resource(s)`] : []),
    ...(unaccounted.length > 0 ? [`${unaccounted.length} create(s) not accounted for`] : []),
  ];
}

/** How the run spread its requests, in one line: the peak in flight, the window, the rate limit. */
export function engineSummary(engine: NonNullable<VerifyReport['engine']>): string {
  const throttled =
    engine.halvings > 0
      ? `, throttling halved the window ${engine.halvings} time(s) (down to ${engine.lowestWindow}, ${engine.finalWindow} at the end)`
      : '';
  return `at most ${engine.peakInFlight} in flight (--concurrency ${engine.concurrency}${engine.rateLimit === undefined ? '' : `, --rate-limit ${engine.rateLimit}/s`})${throttled}`;
}
