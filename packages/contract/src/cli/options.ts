import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { commaSeparated, seedFlagMisused, wholeNumberExpected } from '@roomkit/openapi';
import { flagName, UsageError, type FlagSpec } from '../suite.js';
import { allFlags } from '../suites.js';

export const EXIT = { conforms: 0, violations: 1, usage: 2, interrupted: 130 } as const;

/** What a command writes and how it ends. */
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  setExitCode: (code: number) => void;
}

export function positiveInteger(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1)
      throw new InvalidArgumentError(wholeNumberExpected(flag, value, { min: 1 }));
    return Number(value);
  };
}

/** A rate such as `5/s` (or a bare `5`): requests per second, above 0. */
export function rateValue(flag: string) {
  return (value: string): number => {
    const match = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(value.trim());
    const rate = match === null ? Number.NaN : Number(match[1]);
    if (!(rate > 0))
      throw new InvalidArgumentError(
        `${flag} must be a number of requests per second above 0, like 5/s or 0.5/s; got "${value}".`,
      );
    return rate;
  };
}

export function nonNegativeInteger(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(wholeNumberExpected(flag, value, { min: 0 }));
    return Number(value);
  };
}

export function seedValue(value: string): number {
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Math.abs(Number(value)) > 2_147_483_647) {
    throw new InvalidArgumentError(seedFlagMisused('verify', value));
  }
  return Number(value);
}

export function baseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(
      `--base-url must be an absolute http(s) URL such as http://127.0.0.1:4010, got "${value}".`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError(`--base-url must use http or https, got "${url.protocol}".`);
  return value.replace(/\/+$/, '');
}

/** `--checks a,b --checks c`: see commaSeparated in @roomkit/openapi. */
export const list = commaSeparated;

export function baseUrlOption(description = "replaces the spec's server URL; the spec's paths are appended"): Option {
  return new Option('--base-url <url>', description).argParser(baseUrl).env('ROOMKIT_BASE_URL');
}

/** Adds flags, each of which can also come from its environment variable. */
export function addFlags(command: Command, flags: readonly FlagSpec[]): Command {
  for (const flag of flags) {
    const option = new Option(flag.flags, flag.description);
    if (flag.env !== undefined) option.env(flag.env);
    if (flag.parse !== undefined) option.argParser(flag.parse);
    command.addOption(option);
  }
  return command;
}

/** A credential typed on the command line shows in process lists and CI logs: say so (never the value). */
export function warnAboutTypedCredentials(command: Command, err: (text: string) => void): void {
  for (const flag of allFlags()) {
    if (flag.secret !== true || command.getOptionValueSource(flagName(flag.flags)) !== 'cli') continue;
    err(
      `roomkit: warning: ${flag.flags.split(' ')[0]} on the command line is visible to other processes and in CI logs; export ${flag.env} instead.\n`,
    );
  }
}

export function writeFileSafely(flag: string, file: string, text: string): Promise<void> {
  return mkdir(dirname(file), { recursive: true })
    .then(() => writeFile(file, text))
    .catch((error: unknown) => {
      throw new UsageError(
        `${flag} ${file}: cannot write (${error instanceof Error ? error.message : String(error)}).`,
      );
    });
}

/** Ctrl-C stops the checks; a second one stops the cleanup too; a third ends the process. */
export function interrupts(err: (text: string) => void) {
  const run = new AbortController();
  const cleanup = new AbortController();
  const onSigint = () => {
    if (!run.signal.aborted) {
      err('\ninterrupted: stopping and deleting what this run created (Ctrl-C again to abandon cleanup)\n');
      run.abort();
    } else {
      err('\ninterrupted again: abandoning cleanup; what is left is listed below\n');
      cleanup.abort();
      process.off('SIGINT', onSigint);
    }
  };
  process.on('SIGINT', onSigint);
  return { run: run.signal, cleanup: cleanup.signal, dispose: () => process.off('SIGINT', onSigint) };
}
