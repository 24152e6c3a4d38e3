// What a Stryker run says about roomkit verify's checking power: the mutation score over the
// mutants that are not equivalent, the survivors grouped by file and mutator, and faults found
// per thousand requests. Equivalent mutants (no difference a client can observe) are listed in
// equivalent.json under a key without line numbers (mutants.ts mutantKey), each with its reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mutantKeys, textAt } from './mutants.js';
import type { MutantRunRecord } from './run-mutant.js';
import { packageDir, type ReportMutant, type StrykerRun } from './stryker.js';

export type Equivalents = Readonly<Record<string, string>>;

export function loadEquivalents(file = join(packageDir, 'equivalent.json')): Equivalents {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file}: expected an object of "<mutant key>": "<why no client can tell it apart>".`);
  }
  for (const [key, reason] of Object.entries(parsed)) {
    if (typeof reason !== 'string' || reason.trim().length < 20) {
      throw new Error(`${file}: "${key}" needs a reason (a sentence saying why no client can observe it).`);
    }
  }
  return parsed as Equivalents;
}

export interface SummarizedMutant {
  id: string;
  key: string;
  file: string;
  /** 1-based line, for reading the report (keys do not use it). */
  line: number;
  mutatorName: string;
  status: ReportMutant['status'];
  equivalent?: string;
  record?: MutantRunRecord;
}

export interface Summary {
  mutants: SummarizedMutant[];
  /** Killed or timed out. */
  detected: number;
  /** Survived (or no coverage) and not listed as equivalent. */
  survivors: SummarizedMutant[];
  equivalent: number;
  /** Listed as equivalent yet told apart: the list is wrong about them. */
  wronglyEquivalent: SummarizedMutant[];
  /** Compile or runtime errors in Stryker's own sense (not tested); 0 expected with type checks off. */
  invalid: number;
  /** detected / (detected + survivors), in percent. */
  score: number;
  requests: number;
  faultsPerThousandRequests: number;
}

const DETECTED = new Set<ReportMutant['status']>(['Killed', 'Timeout']);
const UNDETECTED = new Set<ReportMutant['status']>(['Survived', 'NoCoverage']);

export function summarize(run: StrykerRun, equivalents: Equivalents): Summary {
  const records = new Map(run.records.filter((r) => r.mutant !== null).map((r) => [r.mutant!, r]));
  const mutants: SummarizedMutant[] = [];
  for (const [file, { source, mutants: fileMutants }] of Object.entries(run.report.files)) {
    const ordered = [...fileMutants].sort(
      (a, b) => a.location.start.line - b.location.start.line || a.location.start.column - b.location.start.column,
    );
    // The report's locations are 1-based lines and columns.
    const described = ordered.map((m) => ({
      file,
      mutatorName: m.mutatorName,
      replacement: m.replacement ?? '',
      original: textAt(source, {
        start: { line: m.location.start.line - 1, column: m.location.start.column - 1 },
        end: { line: m.location.end.line - 1, column: m.location.end.column - 1 },
      }),
    }));
    const keys = mutantKeys(described);
    ordered.forEach((m, i) => {
      const key = keys[i]!;
      const record = records.get(m.id);
      mutants.push({
        id: m.id,
        key,
        file,
        line: m.location.start.line,
        mutatorName: m.mutatorName,
        status: m.status,
        ...(equivalents[key] === undefined ? {} : { equivalent: equivalents[key] }),
        ...(record === undefined ? {} : { record }),
      });
    });
  }
  const detected = mutants.filter((m) => DETECTED.has(m.status));
  const undetected = mutants.filter((m) => UNDETECTED.has(m.status));
  const survivors = undetected.filter((m) => m.equivalent === undefined);
  const requests = [...records.values()].reduce((sum, r) => sum + r.requests, 0);
  const denominator = detected.length + survivors.length;
  return {
    mutants,
    detected: detected.length,
    survivors,
    equivalent: undetected.length - survivors.length,
    wronglyEquivalent: detected.filter((m) => m.equivalent !== undefined),
    invalid: mutants.filter((m) => m.status === 'CompileError' || m.status === 'RuntimeError').length,
    score: denominator === 0 ? 100 : (detected.length * 100) / denominator,
    requests,
    faultsPerThousandRequests: requests === 0 ? 0 : (detected.length * 1000) / requests,
  };
}

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The report the benchmark prints. */
export function formatSummary(summary: Summary): string {
  const lines: string[] = [];
  const tested = summary.mutants.length - summary.invalid;
  lines.push(
    `mutation score: ${summary.score.toFixed(1)}% of the non-equivalent mutants (${summary.detected} detected of ${summary.detected + summary.survivors.length}; ${summary.equivalent} equivalent, listed in equivalent.json; ${tested} tested${summary.invalid > 0 ? `, ${summary.invalid} invalid` : ''})`,
  );
  lines.push(
    `requests: ${summary.requests}, ${summary.faultsPerThousandRequests.toFixed(2)} faults found per thousand requests`,
  );
  const killers = countBy(
    summary.mutants.flatMap((m) => (m.record?.verdict === 'killed' ? (m.record.findings ?? []) : [])),
    (name) => name,
  );
  if (killers.length > 0) {
    lines.push(`what told the mutants apart: ${killers.map(([name, n]) => `${name} ${n}`).join(', ')}`);
  }
  const byKiller = countBy(
    summary.mutants.filter((m) => m.record?.killedBy !== undefined),
    (m) => m.record!.killedBy!,
  );
  if (byKiller.length > 0) lines.push(`killed by: ${byKiller.map(([name, n]) => `${name} ${n}`).join(', ')}`);
  lines.push(`surviving mutants (not equivalent): ${summary.survivors.length}`);
  for (const [file] of countBy(summary.survivors, (m) => m.file)) {
    const inFile = summary.survivors.filter((m) => m.file === file);
    lines.push(
      `  ${file}: ${inFile.length} (${countBy(inFile, (m) => m.mutatorName)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')})`,
    );
    for (const m of inFile) {
      const reached = m.record?.reached === false ? ' [never reached]' : '';
      lines.push(`    line ${m.line}: ${m.key}${reached}`);
    }
  }
  if (summary.wronglyEquivalent.length > 0) {
    lines.push(`listed as equivalent but told apart (fix equivalent.json): ${summary.wronglyEquivalent.length}`);
    for (const m of summary.wronglyEquivalent) lines.push(`    line ${m.line}: ${m.key}`);
  }
  return `${lines.join('\n')}\n`;
}
