// Prism as a child process on a private 127.0.0.1 port: started, watched until it says it
// listens, and ended with its whole process group.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bundledSpecPath, type ApiName } from '@roomkit/openapi';

export interface PrismOptions {
  api: ApiName;
  dynamic?: boolean;
  errors?: boolean;
  seed?: string;
  startTimeoutMs?: number;
}

export interface PrismProcess {
  url: string;
  child: ChildProcess;
  /** Resolves once Prism has exited, for whatever reason. */
  exited: Promise<void>;
  /** Kills Prism's process group and waits for it to exit. */
  stop(): Promise<void>;
}

/** Prism exited or stalled before listening; `output` is everything it printed. */
export class PrismStartError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
    this.name = 'PrismStartError';
  }
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

/** Prism listens on a free private port: the public one belongs to the front server. */
export function prismArguments(options: PrismOptions): string[] {
  const args = ['mock', '--host', '127.0.0.1', '--port', '0'];
  if (options.dynamic) args.push('--dynamic');
  if (options.seed !== undefined) args.push('--seed', options.seed);
  if (options.errors) args.push('--errors');
  args.push(bundledSpecPath(options.api));
  return args;
}

export async function startPrism(options: PrismOptions): Promise<PrismProcess> {
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
    return { url: url.replace(/\/$/, ''), child, exited, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function waitUntilListening(child: ChildProcess, options: PrismOptions): Promise<string> {
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  let log = '';
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      cleanup();
      // Prism prints its whole usage text before a fatal error: the last line is the error itself.
      const lines = log.trim().split('\n');
      const last = lines[lines.length - 1]?.trim() || '(no output)';
      reject(
        new PrismStartError(
          `Prism mock for "${options.api}" (${bundledSpecPath(options.api)}) ${reason}: ${last}`,
          log,
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
    const onError = (error: Error) => fail(`could not be started (${error.message})`);
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
