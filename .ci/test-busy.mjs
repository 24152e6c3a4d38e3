#!/usr/bin/env node
// `pnpm test:busy`: the README's test command on a loaded machine. A few busy-looping processes
// (one per core by default) keep every core busy while the suite runs, the way a shared CI
// machine is busy; a test that only passes when the machine is idle fails here. The hogs are
// started before the suite and stopped after it, whatever happens (also on Ctrl-C).
//
//   pnpm test:busy [--runs <n>] [--hogs <n>] [--continue]
//
// --runs repeats the suite that many times in a row (stopping at the first failure); --hogs sets
// how many busy loops run (default: the number of cores); --continue lets turbo finish every
// package's tests after one fails (`pnpm test --continue`), to see every failure in one run. Each run prints its wall time and its
// "tests: N passed, N failed, N skipped" total, summed over every package's vitest summary.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

const PNPM = ['npx', '--yes', 'pnpm@10.34.9'];
// The README's test command (its install is a no-op on a set-up checkout).
const README_COMMAND = `${PNPM.join(' ')} install --frozen-lockfile && ${PNPM.join(' ')} test`;

function wholeNumber(flag, text, least) {
  if (!/^\d+$/.test(text) || Number(text) < least) {
    process.stderr.write(`test:busy: --${flag} must be a whole number of at least ${least} (got "${text}").\n`);
    process.exit(2);
  }
  return Number(text);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      runs: { type: 'string', default: '1' },
      hogs: { type: 'string', default: String(availableParallelism()) },
    },
  }));
} catch (e) {
  process.stderr.write(`test:busy: ${e.message}\nUsage: pnpm test:busy [--runs <n>] [--hogs <n>] [--continue]\n`);
  process.exit(2);
}
const runs = wholeNumber('runs', values.runs, 1);
const hogCount = wholeNumber('hogs', values.hogs, 1);
const COMMAND = values.continue ? `${README_COMMAND} --continue` : README_COMMAND;

const hogs = [];
function startHogs() {
  for (let i = 0; i < hogCount; i++) {
    const hog = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    hog.on('error', () => {});
    hogs.push(hog);
  }
}
function stopHogs() {
  for (const hog of hogs.splice(0)) hog.kill('SIGKILL');
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopHogs();
    process.exit(130);
  });
}
process.on('exit', stopHogs);

/** Sums the vitest summaries ("Tests  N passed | M skipped (K)") in turbo's output. */
function totals(output) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  let files = 0;
  // eslint-disable-next-line no-control-regex -- colour codes are control characters by definition
  for (const line of output.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
    if (!/:test: +Tests +\d/.test(line)) continue;
    files += 1;
    for (const [, n, word] of line.matchAll(/(\d+) (passed|failed|skipped)/g)) {
      if (word === 'passed') passed += Number(n);
      if (word === 'failed') failed += Number(n);
      if (word === 'skipped') skipped += Number(n);
    }
  }
  return files === 0 ? 'no vitest summary found' : `tests: ${passed} passed, ${failed} failed, ${skipped} skipped`;
}

function runSuite() {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', COMMAND], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk.toString();
        process.stdout.write(chunk);
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const results = [];
startHogs();
process.stdout.write(`test:busy: ${hogCount} busy loop(s) running on ${availableParallelism()} core(s); ${COMMAND}\n`);
let failed = false;
for (let run = 1; run <= runs && !failed; run++) {
  const started = Date.now();
  const { code, output } = await runSuite();
  const total = totals(output);
  const seconds = Math.round((Date.now() - started) / 1000);
  failed = code !== 0 || !total.startsWith('tests:') || !/ 0 failed/.test(total);
  results.push(
    `run ${run} of ${runs}: ${failed ? `FAILED (exit ${code})` : 'passed'}, ${total}, ${Math.floor(seconds / 60)}m${seconds % 60}s`,
  );
}
stopHogs();
process.stdout.write(`== test:busy summary (${hogCount} busy loop(s))\n${results.join('\n')}\n`);
process.exit(failed ? 1 : 0);
