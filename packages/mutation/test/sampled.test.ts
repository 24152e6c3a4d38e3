// The sampled mutation run of CI: a fixed sample of the sandbox's mutants (fixed seed), each a
// sandbox that roomkit verify (fixed seed) must tell from the original. It fails when a sampled
// mutant that is not listed as equivalent survives, when a mutant listed as equivalent is told
// apart (the list is wrong), or when the original sandbox does not conform (Stryker's dry run).
// Deterministic: the sample depends only on the sources and the seed, verify's seed is fixed,
// and sandbox and verify share a clock that moves only when verify waits (src/clock.ts); time
// plays no part except Stryker's timeout, which is generous (src/stryker.ts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listMutants, mutateRange, sampleMutants } from '../src/mutants.js';
import { MUTATED_FILES, packageDir, prepareWorkDir, runStryker } from '../src/stryker.js';
import { formatSummary, loadEquivalents, summarize } from '../src/summary.js';

/** A few dozen mutants: about 2 minutes on an idle 2-core machine, under 10 loaded. */
const SAMPLE_SIZE = 24;
const SAMPLE_SEED = 19;

describe('sampled mutation run (StrykerJS on the sandbox, roomkit verify as the test)', () => {
  it(
    `tells every sampled non-equivalent mutant from the original sandbox (sample of ${SAMPLE_SIZE}, seed ${SAMPLE_SEED})`,
    async () => {
      const workDir = join(packageDir, '.work', 'ci');
      prepareWorkDir(workDir);
      const equivalents = loadEquivalents();
      const sample = sampleMutants(await listMutants(workDir, MUTATED_FILES), SAMPLE_SIZE, SAMPLE_SEED);
      expect(sample).toHaveLength(SAMPLE_SIZE);
      const output: string[] = [];
      const run = await runStryker({
        workDir,
        mutate: sample.map(mutateRange),
        concurrency: 2,
        log: (line) => output.push(line),
      });
      const summary = summarize(run, equivalents);
      const text = formatSummary(summary);
      process.stdout.write(text);
      // Every mutant of the sample was tested (nested ones come along), each by one verify run.
      expect(summary.mutants.length).toBeGreaterThanOrEqual(SAMPLE_SIZE);
      expect(summary.invalid, text).toBe(0);
      expect(
        summary.wronglyEquivalent.map((m) => m.key),
        text,
      ).toEqual([]);
      expect(
        summary.survivors.map((m) => m.key),
        text,
      ).toEqual([]);
    },
    20 * 60_000,
  );
});
