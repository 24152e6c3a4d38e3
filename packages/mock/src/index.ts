import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bundledSpecPath, type ApiName } from '@roomkit/openapi';

export type { ApiName };

export interface StartMockOptions {
  api: ApiName;
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number;
  /** Generate responses from the schemas (json-schema-faker) instead of serving the documented examples. */
  dynamic?: boolean;
  /** Answer requests that violate the spec with an error response instead of only flagging them in headers. */
  errors?: boolean;
  /** Seed for dynamic generation, so that runs are repeatable. */
  seed?: string;
  /** Give up if Prism has not said it is listening after this long. Default 60 s. */
  startTimeoutMs?: number;
}

export interface RunningMock {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  /** Process id of Prism (also its process group id). */
  pid: number;
  /** Kills Prism (its whole process group) and resolves once it has exited. */
  stop(): Promise<void>;
}

const LISTENING = /Prism is listening on (http:\/\/[^\s]+)/;
// Prism colours its log when it thinks it has a terminal; the readiness line must match either way.
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\u001b\[[0-9;]*m/g;

export function prismCliPath(): string {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('@stoplight/prism-cli/package.json');
  const manifest = require('@stoplight/prism-cli/package.json') as { bin: Record<string, string> };
  const bin = manifest.bin.prism;
  if (!bin) throw new Error('@stoplight/prism-cli declares no "prism" bin');
  return join(dirname(packageJson), bin);
}

export function prismArguments(options: StartMockOptions): string[] {
  const args = ['mock', '--host', '127.0.0.1', '--port', String(options.port ?? 0)];
  if (options.dynamic) args.push('--dynamic');
  if (options.seed !== undefined) args.push('--seed', options.seed);
  if (options.errors) args.push('--errors');
  args.push(bundledSpecPath(options.api));
  return args;
}

/** Starts `prism mock` on 127.0.0.1 against the bundled spec of `api` and waits until it listens. */
export async function startMock(options: StartMockOptions): Promise<RunningMock> {
  const child = spawn(process.execPath, [prismCliPath(), ...prismArguments(options)], {
    // Its own process group, so that stop() also ends anything Prism forks.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  // A detached Prism would outlive a parent that exits without calling stop(): end it then too.
  const killOnExit = () => killGroup(child);
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    killGroup(child);
    await exited;
  };

  try {
    const url = await waitUntilListening(child, options);
    return { url: url.replace(/\/$/, ''), pid: child.pid as number, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitUntilListening(child: ChildProcess, options: StartMockOptions): Promise<string> {
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  let log = '';
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      cleanup();
      reject(
        new Error(
          `Prism mock for "${options.api}" (${bundledSpecPath(options.api)}) ${reason}. ` +
            `Its output:\n${log.trim() || '(nothing)'}`,
        ),
      );
    };
    const onData = (chunk: Buffer) => {
      log += chunk.toString('utf8').replace(ANSI_ESCAPE, '');
      const match = LISTENING.exec(log);
      if (match?.[1]) {
        cleanup();
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(`exited (code ${code}, signal ${signal}) before listening`);
    const onError = (error: Error) => fail(`could not be started: ${error.message}`);
    const timer = setTimeout(() => fail(`did not report listening within ${timeoutMs} ms`), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      // Keep draining so that a chatty Prism never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}
