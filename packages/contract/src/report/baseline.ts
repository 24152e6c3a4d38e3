import type { Violation } from '../checks/types.js';
import { incompleteReasons } from './terminal.js';
import type { VerifyReport } from './types.js';

/**
 * A violation as a baseline remembers it: what broke (check or rule), where (operation and spec
 * location) and how (check or rule). Nothing a run makes up is in it (request ids, generated
 * names, seeds, resource ids, messages quoting them), so the same fault found by another seed
 * has the same key.
 */
export interface BaselineEntry {
  key: string;
  kind: Violation['kind'];
  name: string;
  operationId?: string;
  location: string;
  /** The message of the run that recorded it, for people reading the file (not matched). */
  message: string;
}

/** The file `roomkit baseline` writes (and `--baseline` reads, as it reads a JSON report). */
export interface BaselineFile {
  roomkitBaseline: 1;
  api: VerifyReport['api'];
  /** Where it came from: the run id and base URL of the report it was made from. */
  from: { runId: string; baseUrl: string; startedAt: string };
  entries: BaselineEntry[];
}

export type BaselineStatus = 'new' | 'known';

/** What `--baseline` adds to a report: each violation marked new or known, and the known ones not seen. */
export interface BaselineComparison {
  file: string;
  new: number;
  known: number;
  /** In the baseline but not seen in this run. */
  fixed: BaselineEntry[];
  /** In the baseline, not seen, but not judged by this run either (its check, rule or operation was left out, or the run did not finish it). */
  notChecked: BaselineEntry[];
}

export function baselineKey(v: Pick<Violation, 'kind' | 'name' | 'operationId' | 'location'>): string {
  return [v.kind, v.name, v.operationId ?? '-', v.location].join(' | ');
}

export function baselineEntry(v: Violation): BaselineEntry {
  return {
    key: baselineKey(v),
    kind: v.kind,
    name: v.name,
    ...(v.operationId === undefined ? {} : { operationId: v.operationId }),
    location: v.location,
    message: v.message,
  };
}

export function baselineOf(report: VerifyReport): BaselineFile {
  const seen = new Map<string, BaselineEntry>();
  for (const v of report.violations) seen.set(baselineKey(v), seen.get(baselineKey(v)) ?? baselineEntry(v));
  return {
    roomkitBaseline: 1,
    api: report.api,
    from: { runId: report.runId, baseUrl: report.baseUrl, startedAt: report.startedAt },
    entries: [...seen.values()].sort((a, b) => a.key.localeCompare(b.key)),
  };
}

export function formatBaseline(baseline: BaselineFile): string {
  return `${JSON.stringify(baseline, null, 2)}\n`;
}

/** Whether this run judged what a baseline entry is about: its check or rule ran, on its operation, to the end. */
function judged(report: VerifyReport, entry: BaselineEntry): boolean {
  const selection = report.selection ?? {};
  if (selection.checks !== undefined && !selection.checks.includes(entry.name)) return false;
  if (selection.excludedChecks?.includes(entry.name) === true) return false;
  if (entry.operationId !== undefined && selection.excludedOperations?.includes(entry.operationId) === true)
    return false;
  return incompleteReasons(report).length === 0;
}

/** Marks each violation of the report new or known, and records what the baseline has that the run did not see. */
export function compareWithBaseline(report: VerifyReport, baseline: BaselineFile, file: string): BaselineComparison {
  const known = new Map(baseline.entries.map((e) => [e.key, e]));
  const seen = new Set<string>();
  for (const v of report.violations) {
    const key = baselineKey(v);
    seen.add(key);
    v.baseline = known.has(key) ? 'known' : 'new';
  }
  const unseen = baseline.entries.filter((e) => !seen.has(e.key));
  const comparison: BaselineComparison = {
    file,
    new: report.violations.filter((v) => v.baseline === 'new').length,
    known: report.violations.filter((v) => v.baseline === 'known').length,
    fixed: unseen.filter((e) => judged(report, e)),
    notChecked: unseen.filter((e) => !judged(report, e)),
  };
  report.baseline = comparison;
  return comparison;
}

/**
 * The exit code's verdict with a baseline: only new violations fail, and so does a run that did
 * not finish (it proves nothing about what it did not reach). Without one, only a run that conforms passes.
 */
export function gatePasses(report: VerifyReport): boolean {
  if (report.baseline === undefined) return report.conforms;
  return report.baseline.new === 0 && incompleteReasons(report).length === 0;
}

/** Reads a baseline from a `roomkit baseline` file or a JSON report; `undefined` when the value is neither. */
export function baselineFrom(value: unknown): BaselineFile | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record['roomkitBaseline'] === 1 && Array.isArray(record['entries'])) {
    const entries = record['entries'] as Array<Partial<BaselineEntry>>;
    if (
      entries.every((e) => typeof e.name === 'string' && typeof e.location === 'string' && typeof e.kind === 'string')
    )
      // Keys are recomputed, so a hand-edited file cannot hold a key that never matches.
      return {
        ...(value as BaselineFile),
        entries: (entries as BaselineEntry[]).map((e) => ({ ...e, key: baselineKey(e) })),
      };
    return undefined;
  }
  if (typeof record['api'] === 'string' && Array.isArray(record['violations']))
    return baselineOf(value as VerifyReport);
  return undefined;
}

/** What changed between two runs (for `roomkit diff`): by the same stable key as the baseline. */
export function diffRuns(
  before: VerifyReport,
  after: VerifyReport,
): { appeared: BaselineEntry[]; disappeared: BaselineEntry[]; still: BaselineEntry[] } {
  const a = baselineOf(before).entries;
  const b = baselineOf(after).entries;
  const inA = new Set(a.map((e) => e.key));
  const inB = new Set(b.map((e) => e.key));
  return {
    appeared: b.filter((e) => !inA.has(e.key)),
    disappeared: a.filter((e) => !inB.has(e.key)),
    still: b.filter((e) => inA.has(e.key)),
  };
}
