// The sampled mutation run of CI: a fixed sample of the sandbox's mutants (fixed seed), each a
// sandbox that roomkit verify (fixed seed) must tell from the original. It fails when a sampled
// mutant that is not listed as equivalent survives (the score of the sample falls below 100%),
// when a mutant listed as equivalent is told apart (the list is wrong), or when the original
// sandbox does not conform (Stryker's dry run).
// Deterministic: the sample depends only on the sources and the seed, verify's seed is fixed,
// and sandbox and verify share a clock that moves only when verify waits (manualClock); time
// plays no part except Stryker's timeout, which is generous (src/stryker.ts).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listMutants, sampleRanges } from '../src/mutants.js';
import { MUTATED_FILES, packageDir, prepareWorkDir, runStryker } from '../src/stryker.js';
import { formatSummary, loadEquivalents, loadMissingOracles, summarize } from '../src/summary.js';

/** A few dozen mutants: about 2 minutes on an idle 2-core machine, under 10 loaded (README). */
const SAMPLE_SIZE = 24;
// The benchmark's seed: this sample is the start of `pnpm bench:mutation`'s (the sampler keeps
// nodes in one seeded order), so the benchmark's triage covers it.
const SAMPLE_SEED = 1;

describe('sampled mutation run (StrykerJS on the sandbox, roomkit verify as the test)', () => {
  it(
    `tells every sampled non-equivalent mutant from the original sandbox (sample of ${SAMPLE_SIZE}, seed ${SAMPLE_SEED})`,
    async () => {
      const workDir = join(packageDir, '.work', 'ci');
      prepareWorkDir(workDir);
      const equivalents = loadEquivalents();
      const listed = await listMutants(workDir, MUTATED_FILES);
      const sample = sampleRanges(listed, SAMPLE_SIZE, SAMPLE_SEED);
      expect(sample.mutants).toHaveLength(SAMPLE_SIZE);
      const output: string[] = [];
      const run = await runStryker({
        workDir,
        mutate: sample.ranges,
        concurrency: 2,
        log: (line) => output.push(line),
      });
      const summary = await summarize(run, equivalents, loadMissingOracles(), listed);
      const text = formatSummary(summary);
      process.stdout.write(text);
      // Stryker tested exactly the mutants the ranges select.
      expect(summary.mutants.length).toBe(SAMPLE_SIZE);
      expect(summary.invalid, text).toBe(0);
      expect(
        summary.wronglyEquivalent.map((m) => m.key),
        text,
      ).toEqual([]);
      // Every non-equivalent mutant of the sample is told apart: a survivor is a fall of the score,
      // whether nobody has triaged it yet or it is a listed missing oracle (close it, or list it as
      // equivalent with the reason). A timeout counts as detected, as Stryker counts it; the
      // summary lists timeouts apart.
      expect(
        summary.survivors.map((m) => `${m.key}${m.missingOracle === undefined ? ' (untriaged)' : ' (missing oracle)'}`),
        text,
      ).toEqual([]);
      expect(summary.score, text).toBe(100);
    },
    20 * 60_000,
  );
});
