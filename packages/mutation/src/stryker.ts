// Runs StrykerJS on the sandbox's TypeScript sources. Stryker copies a project into a sandbox
// of its own and expects one package with its node_modules; the sandbox is a pnpm workspace
// package whose tsconfig extends the root's and whose dependencies are symlinks into the
// workspace. So each run prepares a throwaway copy (src/, fixtures, seed, package.json, a
// tsconfig that extends the root's by absolute path, node_modules as a symlink to the real one)
// and runs Stryker `inPlace` on that copy: the mutants are switched into the TypeScript, tsc
// builds it once (`buildCommand`, type checks off in mutated files), and the command runner
// starts the built sandbox once per mutant with __STRYKER_ACTIVE_MUTANT__ set (run-mutant.ts).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MutantRunRecord } from './run-mutant.js';

const here = dirname(fileURLToPath(import.meta.url));
export const packageDir = resolve(here, '..');
const repoRoot = resolve(packageDir, '..', '..');
export const sandboxPackageDir = resolve(repoRoot, 'packages', 'sandbox');

/**
 * The sandbox's request handling for both APIs: routing, the one handler, the two API modules,
 * statuses, credentials, pagination tokens, the default hooks (names, uniqueness, tenancy,
 * deletes) and the HTTP plumbing. Left out: the fault catalogue (src/faults/), the CLI, start-up
 * wiring (sandbox.ts, seed, fixture), storage (store.ts), the token endpoints (lwa.ts,
 * room-retrieve-tokens.ts: verify authenticates with the seed's credentials), the throttle and
 * read lag (off by default).
 */
export const MUTATED_FILES = [
  'src/hospitality.ts',
  'src/room-retrieve.ts',
  'src/handler.ts',
  'src/router.ts',
  'src/page-tokens.ts',
  'src/hooks.ts',
  'src/api.ts',
  'src/credentials.ts',
  'src/http-io.ts',
] as const;

/** One mutant as Stryker's JSON report (mutation-testing-report-schema) gives it. */
export interface ReportMutant {
  id: string;
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number }; end: { line: number; column: number } };
  status: 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending';
  statusReason?: string;
}

export interface StrykerReport {
  files: Record<string, { source: string; mutants: ReportMutant[] }>;
}

export interface StrykerRun {
  report: StrykerReport;
  /** One record per command run (the dry run's has mutant null). */
  records: MutantRunRecord[];
  seconds: number;
}

/** A fresh copy of the sandbox package in `workDir`, ready for Stryker to mutate in place. */
export function prepareWorkDir(workDir: string): void {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  for (const entry of ['src', 'fixtures', 'seed.default.json', 'package.json']) {
    cpSync(join(sandboxPackageDir, entry), join(workDir, entry), { recursive: true });
  }
  writeFileSync(
    join(workDir, 'tsconfig.json'),
    `${JSON.stringify(
      {
        extends: join(repoRoot, 'tsconfig.base.json'),
        compilerOptions: {
          rootDir: 'src',
          outDir: 'dist',
          types: ['node'],
          declaration: false,
          declarationMap: false,
          sourceMap: false,
        },
        include: ['src'],
      },
      null,
      2,
    )}\n`,
  );
  symlinkSync(join(sandboxPackageDir, 'node_modules'), join(workDir, 'node_modules'), 'dir');
}

export interface StrykerOptions {
  workDir: string;
  /** Stryker `mutate` entries: whole files or mutation ranges (`src/x.ts:3:4-3:9`). */
  mutate: readonly string[];
  concurrency: number;
  /** Progress lines (Stryker's own output). */
  log?: (line: string) => void;
}

/** Runs Stryker on a prepared work dir; the JSON report and the per-mutant records come back. */
export async function runStryker(options: StrykerOptions): Promise<StrykerRun> {
  const { workDir } = options;
  const require = createRequire(import.meta.url);
  const strykerBin = join(dirname(require.resolve('@stryker-mutator/core/package.json')), 'bin', 'stryker.js');
  const tscBin = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  const reportFile = join(workDir, 'reports', 'mutation.json');
  const recordsFile = join(workDir, 'reports', 'runs.jsonl');
  mkdirSync(dirname(reportFile), { recursive: true });
  for (const path of [process.execPath, tscBin]) {
    if (/\s/.test(path))
      throw new Error(`Stryker's buildCommand cannot hold a path with spaces: ${path}; move the checkout.`);
  }
  const config = {
    $schema: './node_modules/@stryker-mutator/core/schema/stryker-schema.json',
    testRunner: 'command',
    // The built runner (dist/), also when this module runs from src/ under vitest.
    commandRunner: { command: `"${process.execPath}" "${join(packageDir, 'dist', 'run-mutant.js')}"` },
    // Split on spaces by Stryker (no shell): the paths must not hold any (checked above).
    buildCommand: `${process.execPath} ${tscBin} -p tsconfig.json`,
    // On a throwaway copy: Stryker's own copy would lose the workspace's symlinked packages.
    inPlace: true,
    mutate: options.mutate,
    // The command runner cannot report per-test coverage, so every mutant runs the whole command.
    coverageAnalysis: 'off',
    // Mutated files get `// @ts-nocheck`: a mutant that does not type-check still runs (as JS would).
    disableTypeChecks: 'src/**/*.ts',
    concurrency: options.concurrency,
    // Generous: a loaded CI machine must not turn a slow verify into a "Timeout" (which Stryker
    // counts as detected; the summary lists timeouts apart); a mutant that hangs the sandbox still ends.
    timeoutMS: 300_000,
    timeoutFactor: 2,
    reporters: ['json', 'clear-text'],
    jsonReporter: { fileName: reportFile },
    clearTextReporter: { allowColor: false, logTests: false, reportMutants: false, reportScoreTable: true },
    plugins: [],
    tempDirName: '.stryker-tmp',
    cleanTempDir: true,
    logLevel: 'info',
    fileLogLevel: 'off',
  };
  writeFileSync(join(workDir, 'stryker.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  const started = Date.now();
  rmSync(recordsFile, { force: true });
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(process.execPath, [strykerBin, 'run', 'stryker.config.json'], {
      cwd: workDir,
      env: { ...process.env, ROOMKIT_MUTATION_LOG: recordsFile, ROOMKIT_MUTATION_SANDBOX: workDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') options.log?.(line);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', fail);
    child.on('exit', (exitCode) => done(exitCode));
  });
  if (code !== 0 || !existsSync(reportFile)) {
    throw new Error(`Stryker exited with ${code} in ${workDir} (its output is above); no mutation report was written.`);
  }
  return { ...readStrykerRun(workDir), seconds: (Date.now() - started) / 1000 };
}

/** The report and records an earlier run left in `workDir` (to summarize again after triage). */
export function readStrykerRun(workDir: string): Omit<StrykerRun, 'seconds'> {
  const reportFile = join(workDir, 'reports', 'mutation.json');
  const recordsFile = join(workDir, 'reports', 'runs.jsonl');
  if (!existsSync(reportFile)) throw new Error(`No mutation report at ${reportFile}: run the benchmark first.`);
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as StrykerReport;
  const records = existsSync(recordsFile)
    ? readFileSync(recordsFile, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as MutantRunRecord)
    : [];
  return { report, records };
}
