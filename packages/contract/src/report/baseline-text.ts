import type { Violation } from '../checks/types.js';
import type { BaselineComparison, BaselineEntry } from './baseline.js';
import type { VerifyReport } from './types.js';

/** `[new] ` or `[known] ` before a violation when the run had a baseline. */
export function baselineMark(v: Pick<Violation, 'baseline'>): string {
  return v.baseline === undefined ? '' : `[${v.baseline}] `;
}

/** One line about the baseline for the terminal and the JUnit properties. */
export function baselineSummary(comparison: BaselineComparison): string {
  return `baseline ${comparison.file}: ${comparison.new} new, ${comparison.known} known, ${comparison.fixed.length} fixed${comparison.notChecked.length === 0 ? '' : `, ${comparison.notChecked.length} not checked by this run`}`;
}

/** An entry as one line: `check status_code_conformance on createRoom (#/paths/…)`. */
export function describeEntry(entry: Pick<BaselineEntry, 'kind' | 'name' | 'operationId' | 'location'>): string {
  return `${entry.kind} ${entry.name}${entry.operationId === undefined ? '' : ` on ${entry.operationId}`} (${entry.location})`;
}

/** The terminal's baseline section: the summary, what is fixed, what this run could not judge, and the exit code's verdict. */
export function baselineLines(report: VerifyReport, incomplete: readonly string[]): string[] {
  const comparison = report.baseline;
  if (comparison === undefined) return [];
  return [
    baselineSummary(comparison),
    ...comparison.fixed.map((e) => `  fixed: ${describeEntry(e)}`),
    ...comparison.notChecked.map((e) => `  not checked (left out, or the run did not finish): ${describeEntry(e)}`),
    comparison.new > 0
      ? `gate: fails on ${comparison.new} violation(s) not in the baseline`
      : incomplete.length > 0
        ? 'gate: fails, the run did not finish (see result)'
        : 'gate: passes, every violation is in the baseline',
  ];
}
