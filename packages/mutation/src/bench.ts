#!/usr/bin/env node
// pnpm bench:mutation: StrykerJS on the sandbox's request handling, each mutant a sandbox that
// roomkit verify (both APIs, second organization, fixed seed, few runs) must tell from the
// original. Bounded: a seeded sample of the mutants (all of them with --all). Prints the sample
// size and seed, the mutation score, the survivors by file and mutator, and faults found per
// thousand requests. A benchmark, not a test: the sampled CI run is test/sampled.test.ts.
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { listMutants, sampleRanges } from './mutants.js';
import { VERIFY_SETTINGS } from './settings.js';
import { MUTATED_FILES, packageDir, prepareWorkDir, readStrykerRun, runStryker } from './stryker.js';
import { formatSummary, loadEquivalents, loadMissingOracles, summarize } from './summary.js';

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number >= 1, got "${value}"`);
  return n;
}

const program = new Command('bench:mutation')
  .description('Mutation testing of the sandbox: how many generated faults roomkit verify tells apart')
  .option('--sample <n>', 'mutants drawn at random (seeded) from the mutated files', positiveInteger, 120)
  .option('--seed <n>', 'seed of the sample', positiveInteger, 1)
  .option('--all', 'every mutant of the mutated files (hours on two cores)')
  .option('--files <list>', `comma-separated files of packages/sandbox to mutate (default: ${MUTATED_FILES.join(',')})`)
  .option('--concurrency <n>', 'mutants tested at once (one process each)', positiveInteger, 2)
  .option('--summary-only', "summarize the last run's report again (after editing the triage lists); runs nothing")
  .showHelpAfterError();
// pnpm 10 hands a script's `--` on verbatim (`pnpm bench:mutation -- --sample 40`): not an argument.
program.parse(process.argv.filter((arg, i) => i !== 2 || arg !== '--'));
const opts = program.opts<{
  sample: number;
  seed: number;
  all?: boolean;
  files?: string;
  concurrency: number;
  summaryOnly?: boolean;
}>();

const workDir = join(packageDir, '.work', 'bench');
if (opts.summaryOnly) {
  const last = readStrykerRun(workDir);
  const listed = await listMutants(workDir, MUTATED_FILES);
  process.stdout.write(
    formatSummary(await summarize({ ...last, seconds: 0 }, loadEquivalents(), loadMissingOracles(), listed)),
  );
  process.exit(0);
}
const files = opts.files === undefined ? [...MUTATED_FILES] : opts.files.split(',').map((f) => f.trim());
prepareWorkDir(workDir);
const equivalents = loadEquivalents();
const all = await listMutants(workDir, files);
const chosen = opts.all ? { ranges: files, mutants: all } : sampleRanges(all, opts.sample, opts.seed);
process.stdout.write(
  `mutating ${files.length} files of packages/sandbox: ${all.length} mutants; ${opts.all ? 'testing all of them' : `sample of ${chosen.mutants.length} (seed ${opts.seed}; ${chosen.ranges.length} nodes with the mutants nested in them)`}; verify seed ${VERIFY_SETTINGS.seed}, --runs ${VERIFY_SETTINGS.runs}; concurrency ${opts.concurrency}\n`,
);
const run = await runStryker({
  workDir,
  mutate: chosen.ranges,
  concurrency: opts.concurrency,
  log: (line) => process.stdout.write(`  stryker | ${line}\n`),
});
const summary = await summarize(run, equivalents, loadMissingOracles(), all);
process.stdout.write(
  `\nStryker tested ${summary.mutants.length} mutants in ${run.seconds.toFixed(0)} s; report: ${join(workDir, 'reports', 'mutation.json')}\n`,
);
process.stdout.write(formatSummary(summary));
