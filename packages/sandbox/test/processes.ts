// Sandbox CLI processes for the tests that kill or share them (durability, replicas): started
// from the built dist/cli.js, ready once they print where they listen.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const CLI = resolve(import.meta.dirname, '../dist/cli.js');
// A process start on a loaded machine: generous, the point is "not never".
const START_TIMEOUT_MS = 60_000;

export interface SandboxProcess {
  child: ChildProcess;
  url: string;
  /** What the process wrote to stderr so far. */
  stderr: () => string;
  /** Resolves with the signal (or exit code) the process ended with. */
  exited: Promise<NodeJS.Signals | number | null>;
}

const running: ChildProcess[] = [];

/** Starts `roomkit-sandbox --port 0 <args>` and resolves once it listens. */
export function startSandboxProcess(args: string[]): Promise<SandboxProcess> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "pnpm --filter @roomkit/sandbox build" first.`);
  const child = spawn(process.execPath, [CLI, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<NodeJS.Signals | number | null>((r) =>
    child.once('exit', (code, signal) => r(signal ?? code)),
  );
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`sandbox did not start in ${START_TIMEOUT_MS / 1000} s: ${stderr}`)),
      START_TIMEOUT_MS,
    );
    void exited.then((code) => reject(new Error(`sandbox exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /listening on (http:\/\/\S+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolvePromise({ child, url: m[1]!, stderr: () => stderr, exited });
      }
    });
  });
}

/** Kills whatever the test file started and has not ended (for afterAll). */
export function killSandboxProcesses(): void {
  for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}
