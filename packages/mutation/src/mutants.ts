// Which mutants a run tests: Stryker's own instrumenter lists every mutant of the mutated files
// (the same mutators and locations `stryker run` generates), and a seeded sample of them becomes
// Stryker's `mutate` ranges. A range holds every mutant whose node lies inside it, so a sampled
// block or call brings the mutants nested in it along: sampleRanges draws nodes in a seeded order
// and keeps small ones whose mutants (nested ones included) still fit the requested count, so
// Stryker tests that many mutants, no more.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@stryker-mutator/api/logging';
import { Instrumenter } from '@stryker-mutator/instrumenter';

export interface ListedMutant {
  file: string;
  mutatorName: string;
  replacement: string;
  /** 0-based lines and columns, as Stryker's API gives them. */
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
  /** The original source text of the mutated node. */
  original: string;
}

const quietLogger: Logger = {
  isTraceEnabled: () => false,
  isDebugEnabled: () => false,
  isInfoEnabled: () => false,
  isWarnEnabled: () => false,
  isErrorEnabled: () => false,
  isFatalEnabled: () => false,
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  fatal: () => {},
};

/** The source text a 0-based location spans. */
export function textAt(content: string, location: ListedMutant['location']): string {
  const lines = content.split('\n');
  const { start, end } = location;
  if (start.line === end.line) return lines[start.line]!.slice(start.column, end.column);
  return [
    lines[start.line]!.slice(start.column),
    ...lines.slice(start.line + 1, end.line),
    lines[end.line]!.slice(0, end.column),
  ].join('\n');
}

/** Every mutant of `files` (paths relative to `root`), in Stryker's order. */
export function listMutants(root: string, files: readonly string[]): Promise<ListedMutant[]> {
  return listMutantsOf(files.map((name) => ({ name, content: readFileSync(join(root, name), 'utf8') })));
}

/** Every mutant of the given sources, in Stryker's order. */
export async function listMutantsOf(sources: readonly { name: string; content: string }[]): Promise<ListedMutant[]> {
  const inputs = sources.map((f) => ({ ...f, mutate: true as const }));
  const result = await new Instrumenter(quietLogger).instrument(inputs, {
    plugins: null,
    excludedMutations: [],
    ignorers: [],
  });
  const contents = new Map(inputs.map((f) => [f.name, f.content]));
  return result.mutants.map((m) => ({
    file: m.fileName,
    mutatorName: m.mutatorName,
    replacement: m.replacement,
    location: m.location,
    original: textAt(contents.get(m.fileName)!, m.location),
  }));
}

/** mulberry32: a small seeded generator, so a sample is the same on every machine. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` mutants drawn without replacement with `seed` (all of them when size >= the count), in listing order. */
export function sampleMutants<T>(mutants: readonly T[], size: number, seed: number): T[] {
  if (size >= mutants.length) return [...mutants];
  const random = seeded(seed);
  const indexes = mutants.map((_, i) => i);
  for (let i = 0; i < size; i += 1) {
    const j = i + Math.floor(random() * (indexes.length - i));
    [indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!];
  }
  return indexes
    .slice(0, size)
    .sort((a, b) => a - b)
    .map((i) => mutants[i]!);
}

/** Stryker's `mutate` entry for exactly the node of `mutant` (lines 1-based, columns 0-based). */
export function mutateRange(mutant: Pick<ListedMutant, 'file' | 'location'>): string {
  const { start, end } = mutant.location;
  return `${mutant.file}:${start.line + 1}:${start.column}-${end.line + 1}:${end.column}`;
}

/**
 * A description of a mutant that survives edits elsewhere in its file (no line numbers): the
 * file, the mutator, the original text and the replacement, with runs of whitespace folded.
 * Equivalent mutants are listed under this key.
 */
export function mutantKey(mutant: Pick<ListedMutant, 'file' | 'mutatorName' | 'original' | 'replacement'>): string {
  const fold = (s: string) => s.replace(/\s+/g, ' ').trim();
  return `${mutant.file} ${mutant.mutatorName}: ${fold(mutant.original)} -> ${fold(mutant.replacement)}`;
}

/** mutantKey of each mutant, with ` #n` on the n-th (n >= 2) mutant of a file that shares a key with an earlier one. */
export function mutantKeys(
  mutants: readonly Pick<ListedMutant, 'file' | 'mutatorName' | 'original' | 'replacement'>[],
): string[] {
  const seen = new Map<string, number>();
  return mutants.map((m) => {
    const key = mutantKey(m);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key} #${n}`;
  });
}

function within(outer: ListedMutant['location'], inner: ListedMutant['location']): boolean {
  const before = (a: { line: number; column: number }, b: { line: number; column: number }) =>
    a.line < b.line || (a.line === b.line && a.column <= b.column);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

export interface RangeSample {
  /** Stryker `mutate` ranges. */
  ranges: string[];
  /** The mutants those ranges select (what Stryker will test), in listing order. */
  mutants: ListedMutant[];
}

/**
 * A sampled node brings at most this many mutants (its own and the nested ones): otherwise a
 * few whole-function blocks would fill the sample with one function's mutants. The cost: the
 * mutants of large enclosing nodes (a function body's BlockStatement) are left to `--all`.
 */
export const MAX_CLUSTER = 4;

/**
 * Seeded ranges that select at most `size` mutants (exactly `size` unless the nodes left would
 * all overshoot): the nodes are tried in a seeded random order, each taken with every mutant
 * nested in it when the total still fits and the node brings at most MAX_CLUSTER mutants.
 */
export function sampleRanges(mutants: readonly ListedMutant[], size: number, seed: number): RangeSample {
  const order = mutants.map((_, i) => i);
  const random = seeded(seed);
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const chosen = new Set<number>();
  const ranges = new Set<string>();
  for (const candidate of order) {
    if (chosen.size >= size) break;
    if (chosen.has(candidate)) continue;
    const node = mutants[candidate]!;
    const selected = mutants.flatMap((m, i) => (m.file === node.file && within(node.location, m.location) ? [i] : []));
    const added = selected.filter((i) => !chosen.has(i));
    if (chosen.size + added.length > size || selected.length > MAX_CLUSTER) continue;
    for (const i of added) chosen.add(i);
    ranges.add(mutateRange(node));
  }
  return {
    ranges: [...ranges],
    mutants: [...chosen].sort((a, b) => a - b).map((i) => mutants[i]!),
  };
}
