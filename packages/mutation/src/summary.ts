// What a Stryker run says about roomkit verify's checking power: the mutation score over the
// mutants that are not equivalent, the survivors grouped by file and mutator, and faults found
// per thousand requests. Equivalent mutants (no answer that breaks the contract) are listed in
// equivalent.json, survivors that show an oracle verify lacks in missing-oracles.json, both under
// a key without line numbers (mutants.ts mutantKey), each with its reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listMutantsOf, mutantKeys, type ListedMutant } from './mutants.js';
import type { MutantRunRecord } from './run-mutant.js';
import { packageDir, type ReportMutant, type StrykerRun } from './stryker.js';

/** Mutant key -> the reason (equivalent.json) or the oracle verify lacks (missing-oracles.json). */
export type Triage = Readonly<Record<string, string>>;

function loadTriage(file: string, what: string): Triage {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file}: expected an object of "<mutant key>": "<${what}>".`);
  }
  for (const [key, reason] of Object.entries(parsed)) {
    if (typeof reason !== 'string' || reason.trim().length < 20) {
      throw new Error(`${file}: "${key}" needs a reason (a sentence: ${what}).`);
    }
  }
  return parsed as Triage;
}

/** Mutants no client can tell from the original under the contract, each with the reason. */
export function loadEquivalents(file = join(packageDir, 'equivalent.json')): Triage {
  return loadTriage(file, 'why no answer of the mutant breaks the contract where the original keeps it');
}

/** Survivors that show an oracle verify lacks, each with the oracle: the work left. */
export function loadMissingOracles(file = join(packageDir, 'missing-oracles.json')): Triage {
  return loadTriage(file, 'the check or assertion verify lacks');
}

/**
 * Keys of the triage lists that name no mutant of the listed files (every mutant of each file,
 * as listMutants gives them): the code they describe changed, or a repeat's ` #n` shifted. Keys of
 * files not listed are left alone (a run of some files says nothing of the others).
 */
export function unmatchedTriage(listed: readonly ListedMutant[], ...lists: Triage[]): string[] {
  const files = new Set(listed.map((m) => m.file));
  const keys = new Set([...files].flatMap((file) => mutantKeys(listed.filter((m) => m.file === file))));
  return lists
    .flatMap((list) => Object.keys(list))
    .filter((key) => files.has(key.slice(0, key.indexOf(' '))) && !keys.has(key));
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
  /** The oracle verify lacks, when this survivor is a known missing oracle. */
  missingOracle?: string;
  record?: MutantRunRecord;
}

export interface Summary {
  mutants: SummarizedMutant[];
  /** Killed or timed out. */
  detected: number;
  /** Survived (or no coverage) and not listed as equivalent. */
  survivors: SummarizedMutant[];
  /** Survivors not triaged yet (neither equivalent nor a listed missing oracle). */
  untriaged: SummarizedMutant[];
  /** Listed as a missing oracle yet told apart: verify has the oracle now. */
  staleMissingOracles: SummarizedMutant[];
  equivalent: number;
  /** Listed as equivalent yet told apart: the list is wrong about them. */
  wronglyEquivalent: SummarizedMutant[];
  /** Keys of either list that name no mutant of the mutated files now (unmatchedTriage): stale. */
  unmatched: string[];
  /** Compile or runtime errors in Stryker's own sense (not tested); 0 expected with type checks off. */
  invalid: number;
  /** detected / (detected + survivors), in percent. */
  score: number;
  requests: number;
  faultsPerThousandRequests: number;
}

const DETECTED = new Set<ReportMutant['status']>(['Killed', 'Timeout']);

/** Told apart only because a verify run ended incomplete (its time or request budget), with no violation. */
export function onlyIncomplete(m: SummarizedMutant): boolean {
  return m.record?.findings?.length === 1 && m.record.findings[0] === 'incomplete';
}
const UNDETECTED = new Set<ReportMutant['status']>(['Survived', 'NoCoverage']);

/** Where a mutant is and what it does: what the report and the listing agree on. */
function identity(m: {
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number } };
}): string {
  return `${m.location.start.line}:${m.location.start.column} ${m.mutatorName} ${m.replacement ?? ''}`;
}

/** `listed`: every mutant of the mutated files, to find the triage keys that match none. */
export async function summarize(
  run: StrykerRun,
  equivalents: Triage,
  missingOracles: Triage = {},
  listed: readonly ListedMutant[] = [],
): Promise<Summary> {
  const records = new Map(run.records.filter((r) => r.mutant !== null).map((r) => [r.mutant!, r]));
  const mutants: SummarizedMutant[] = [];
  for (const [file, { source, mutants: fileMutants }] of Object.entries(run.report.files)) {
    // Keys come from every mutant of the file (a repeat's ` #n` counts them all), not only the
    // tested ones, so a key is the same whichever sample tested it.
    const listed = await listMutantsOf([{ name: file, content: source }]);
    const keys = mutantKeys(listed);
    // The report's locations are 1-based lines and columns; the listing's 0-based.
    const keyOf = new Map(
      listed.map((m, i) => [
        identity({
          ...m,
          location: { start: { line: m.location.start.line + 1, column: m.location.start.column + 1 } },
        }),
        keys[i]!,
      ]),
    );
    for (const m of fileMutants) {
      const key = keyOf.get(identity(m));
      if (key === undefined)
        throw new Error(`${file}: Stryker's mutant ${m.id} (${identity(m)}) is not in the listing.`);
      const record = records.get(m.id);
      mutants.push({
        id: m.id,
        key,
        file,
        line: m.location.start.line,
        mutatorName: m.mutatorName,
        status: m.status,
        ...(equivalents[key] === undefined ? {} : { equivalent: equivalents[key] }),
        ...(missingOracles[key] === undefined ? {} : { missingOracle: missingOracles[key] }),
        ...(record === undefined ? {} : { record }),
      });
    }
  }
  mutants.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  // A "kill" with no verdict line is a process that died before verify judged (no run record):
  // not told apart by verify, so it counts as undetected, listed apart in the summary.
  const noVerdict = (m: SummarizedMutant) => m.status === 'Killed' && m.record === undefined;
  const detected = mutants.filter((m) => DETECTED.has(m.status) && !noVerdict(m));
  const undetected = mutants.filter((m) => UNDETECTED.has(m.status) || noVerdict(m));
  const survivors = undetected.filter((m) => m.equivalent === undefined);
  const requests = [...records.values()].reduce((sum, r) => sum + r.requests, 0);
  const denominator = detected.length + survivors.length;
  return {
    mutants,
    detected: detected.length,
    survivors,
    untriaged: survivors.filter((m) => m.missingOracle === undefined),
    staleMissingOracles: detected.filter((m) => m.missingOracle !== undefined),
    equivalent: undetected.length - survivors.length,
    // A timeout, or a verify run that only ended incomplete (out of time on a loaded machine), says
    // nothing about an oracle: only a violation (or a refusal to go on) does.
    wronglyEquivalent: detected.filter(
      (m) => m.equivalent !== undefined && m.status === 'Killed' && !onlyIncomplete(m),
    ),
    unmatched: unmatchedTriage(listed, equivalents, missingOracles),
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
  const silent = summary.mutants.filter((m) => m.status === 'Killed' && m.record === undefined);
  if (silent.length > 0) {
    lines.push(
      `no verdict (the mutant's process died before verify judged; counted as not detected): ${silent.length}`,
    );
    for (const m of silent) lines.push(`    line ${m.line}: ${m.key}`);
  }
  const unhandled = summary.mutants.filter((m) => (m.record?.unhandled?.length ?? 0) > 0);
  if (unhandled.length > 0) {
    lines.push(
      `unhandled errors in the sandbox (recorded; the verdict is verify's): ${unhandled.length} mutants, ${unhandled.filter((m) => m.record!.verdict === 'killed').length} of them told apart`,
    );
    for (const m of unhandled) lines.push(`    line ${m.line}: ${m.key}: ${m.record!.unhandled![0]}`);
  }
  const timeouts = summary.mutants.filter((m) => m.status === 'Timeout' || onlyIncomplete(m));
  if (timeouts.length > 0) {
    lines.push(
      `timed out, or a verify run only ended incomplete (counted as detected, as Stryker counts a timeout; on a loaded machine, rerun them): ${timeouts.length}`,
    );
    for (const m of timeouts) lines.push(`    line ${m.line}: ${m.key}`);
  }
  lines.push(`surviving mutants (not equivalent): ${summary.survivors.length}`);
  for (const [file] of countBy(summary.survivors, (m) => m.file)) {
    const inFile = summary.survivors.filter((m) => m.file === file);
    lines.push(
      `  ${file}: ${inFile.length} (${countBy(inFile, (m) => m.mutatorName)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')})`,
    );
    for (const m of inFile) {
      const reached = m.status === 'Killed' ? ' [no verdict]' : m.record?.reached === false ? ' [never reached]' : '';
      const triage = m.missingOracle === undefined ? ' [UNTRIAGED]' : ` [missing oracle: ${m.missingOracle}]`;
      lines.push(`    line ${m.line}: ${m.key}${reached}${triage}`);
    }
  }
  if (summary.untriaged.length > 0) {
    lines.push(
      `untriaged survivors: ${summary.untriaged.length} (list each in equivalent.json with the reason, or fix the oracle in packages/contract, or list it in missing-oracles.json)`,
    );
  }
  if (summary.staleMissingOracles.length > 0) {
    lines.push(
      `listed as missing oracles but told apart now (remove from missing-oracles.json): ${summary.staleMissingOracles.length}`,
    );
    for (const m of summary.staleMissingOracles) lines.push(`    line ${m.line}: ${m.key}`);
  }
  if (summary.wronglyEquivalent.length > 0) {
    lines.push(`listed as equivalent but told apart (fix equivalent.json): ${summary.wronglyEquivalent.length}`);
    for (const m of summary.wronglyEquivalent) lines.push(`    line ${m.line}: ${m.key}`);
  }
  if (summary.unmatched.length > 0) {
    lines.push(
      `listed in equivalent.json or missing-oracles.json but matching no mutant of the mutated files (the code changed or a #n shifted: remove, or re-key after checking the reason): ${summary.unmatched.length}`,
    );
    for (const key of summary.unmatched) lines.push(`    ${key}`);
  }
  return `${lines.join('\n')}\n`;
}
