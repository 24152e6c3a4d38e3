import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  listMutants,
  MAX_CLUSTER,
  mutantKeys,
  mutateRange,
  sampleMutants,
  sampleRanges,
  textAt,
} from '../src/mutants.js';
import { MUTATED_FILES, sandboxPackageDir } from '../src/stryker.js';
import {
  loadEquivalents,
  loadMissingOracles,
  onlyIncomplete,
  unmatchedTriage,
  type SummarizedMutant,
} from '../src/summary.js';

describe('mutant listing and sampling', () => {
  it('lists the mutants Stryker generates, with the original text and a range that selects the node', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roomkit-mutants-'));
    writeFileSync(join(dir, 'a.ts'), 'export function f(n: number): boolean {\n  return n > 2;\n}\n');
    const mutants = await listMutants(dir, ['a.ts']);
    const boundary = mutants.find((m) => m.mutatorName === 'EqualityOperator' && m.replacement === 'n >= 2');
    expect(boundary).toBeDefined();
    expect(boundary!.original).toBe('n > 2');
    expect(mutateRange(boundary!)).toBe('a.ts:2:9-2:14');
    expect(mutants.some((m) => m.mutatorName === 'BlockStatement')).toBe(true);
  });

  it('draws the same sample for the same seed, without repeats, in listing order', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    const a = sampleMutants(items, 10, 7);
    expect(sampleMutants(items, 10, 7)).toEqual(a);
    expect(new Set(a).size).toBe(10);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
    expect(sampleMutants(items, 10, 8)).not.toEqual(a);
    expect(sampleMutants(items, 200, 7)).toEqual(items);
  });

  it('samples ranges that select exactly the requested number of mutants, nested ones included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roomkit-ranges-'));
    const body = Array.from({ length: 12 }, (_, i) => `  if (n > ${i}) return n === ${i} ? 'a${i}' : 'b${i}';`).join(
      '\n',
    );
    writeFileSync(join(dir, 'b.ts'), `export function g(n: number): string {\n${body}\n  return '';\n}\n`);
    const all = await listMutants(dir, ['b.ts']);
    const sample = sampleRanges(all, 10, 3);
    expect(sample.mutants).toHaveLength(10);
    expect(sampleRanges(all, 10, 3)).toEqual(sample);
    // What the ranges select, the way Stryker selects (a mutant inside a range is in), is the sample.
    const inside = (range: string, m: (typeof all)[number]) => {
      const [, a, b, c, d] = /:(\d+):(\d+)-(\d+):(\d+)$/.exec(range)!.map(Number);
      const start = m.location.start;
      const end = m.location.end;
      return (
        (a! - 1 < start.line || (a! - 1 === start.line && b! <= start.column)) &&
        (c! - 1 > end.line || (c! - 1 === end.line && d! >= end.column))
      );
    };
    const selected = all.filter((m) => sample.ranges.some((r) => inside(r, m)));
    expect(selected).toEqual(sample.mutants);
    for (const range of sample.ranges)
      expect(all.filter((m) => inside(range, m)).length).toBeLessThanOrEqual(MAX_CLUSTER);
  });

  it('keys mutants without line numbers, numbering repeats within a file', () => {
    const m = {
      file: 'src/x.ts',
      mutatorName: 'BooleanLiteral',
      original: 'return  true',
      replacement: 'return false',
    };
    expect(mutantKeys([m, m, { ...m, file: 'src/y.ts' }])).toEqual([
      'src/x.ts BooleanLiteral: return true -> return false',
      'src/x.ts BooleanLiteral: return true -> return false #2',
      'src/y.ts BooleanLiteral: return true -> return false',
    ]);
  });

  it('names the triage keys that match no mutant of the listed files, leaving other files alone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roomkit-unmatched-'));
    writeFileSync(join(dir, 'a.ts'), 'export const f = (n: number): boolean => n > 2 && n < 9;\n');
    const listed = await listMutants(dir, ['a.ts']);
    const reason = 'a reason long enough to be one';
    const equivalents = {
      'a.ts EqualityOperator: n > 2 -> n >= 2': reason,
      'a.ts EqualityOperator: n > 3 -> n >= 3': reason,
      'b.ts EqualityOperator: n > 3 -> n >= 3': reason,
    };
    const missing = { 'a.ts EqualityOperator: n > 2 -> n >= 2 #2': reason };
    expect(unmatchedTriage(listed, equivalents, missing)).toEqual([
      'a.ts EqualityOperator: n > 3 -> n >= 3',
      'a.ts EqualityOperator: n > 2 -> n >= 2 #2',
    ]);
  });

  it('reads the text of a multi-line location', () => {
    const text = 'ab\ncdef\ngh';
    expect(textAt(text, { start: { line: 0, column: 1 }, end: { line: 2, column: 1 } })).toBe('b\ncdef\ng');
  });

  it('refuses an equivalent mutant listed without a reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'roomkit-equivalents-'));
    const file = join(dir, 'equivalent.json');
    writeFileSync(file, JSON.stringify({ 'src/x.ts BooleanLiteral: a -> b': '' }));
    expect(() => loadEquivalents(file)).toThrow(/needs a reason/);
    writeFileSync(file, '[]');
    expect(() => loadEquivalents(file)).toThrow(/expected an object/);
  });

  it('has a reason for every entry of the checked-in list', () => {
    expect(() => loadEquivalents()).not.toThrow();
  });

  it('lists in equivalent.json and missing-oracles.json only mutants the sandbox has today', async () => {
    const listed = await listMutants(sandboxPackageDir, MUTATED_FILES);
    expect(unmatchedTriage(listed, loadEquivalents(), loadMissingOracles())).toEqual([]);
  });
  it('a verify run that only ended incomplete is no verdict on the oracles; a violation beside it is', () => {
    const killed = (findings: string[]) => ({ status: 'Killed', record: { findings } }) as unknown as SummarizedMutant;
    expect(onlyIncomplete(killed(['incomplete']))).toBe(true);
    expect(onlyIncomplete(killed(['incomplete', 'not_a_server_error']))).toBe(false);
    expect(onlyIncomplete(killed(['not_a_server_error']))).toBe(false);
    expect(onlyIncomplete({ status: 'Killed' } as unknown as SummarizedMutant)).toBe(false);
  });
});
