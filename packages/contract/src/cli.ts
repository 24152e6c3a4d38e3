#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiNames, isApiName } from '@roomkit/openapi';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { formatJson, formatJunit } from './report/junit.js';
import { Redactor } from './report/redact.js';
import { formatTerminal } from './report/terminal.js';
import { cleanupLedger, formatCleanup, formatLedger, LedgerError, readLedger } from './safety/ledger-file.js';
import { TargetUnreachable, UsageError, type FlagSpec, type TargetKind } from './suite.js';
import { allFlags, suiteFor, suiteOf, type Target } from './suites.js';
import {
  CredentialsRejected,
  DEFAULT_CLEANUP_MS,
  DEFAULT_CONSISTENCY_WAIT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_DURATION_MS,
  DEFAULT_MAX_REQUESTS,
  DEFAULT_RUNS,
  catalogue,
  verify,
  type CatalogueEntry,
} from './verify.js';

export const EXIT = { conforms: 0, violations: 1, usage: 2 } as const;

export { UsageError };

function positiveInteger(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1)
      throw new InvalidArgumentError(`${flag} must be a whole number of at least 1, got "${value}".`);
    return Number(value);
  };
}

function seedValue(value: string): number {
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Math.abs(Number(value)) > 2_147_483_647) {
    throw new InvalidArgumentError(`--seed must be a 32-bit integer, got "${value}".`);
  }
  return Number(value);
}

function baseUrl(value: string): string {
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

function nonNegativeInteger(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value))
      throw new InvalidArgumentError(`${flag} must be a whole number of at least 0, got "${value}".`);
    return Number(value);
  };
}

function list(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ];
}

interface RawOptions {
  baseUrl?: string;
  runs: number;
  seed?: number;
  checks?: string[];
  junit?: string;
  json?: string;
  ledger?: string;
  stateless?: boolean;
  maxRequests: number;
  maxDuration: number;
  cleanupTimeout: number;
  maxBody: number;
  consistencyWait: number;
  property?: string[];
  path?: string;
  replayPath?: string;
  quiet?: boolean;
  [apiFlag: string]: unknown;
}

/** Builds the target of `verify <api>` from the flags, through that API's suite. */
export function targetFrom(api: string, options: RawOptions): Target {
  if (!isApiName(api))
    throw new UsageError(`unknown API "${api}": the first argument of verify must be ${apiNames.join(' or ')}.`);
  if (options.baseUrl === undefined)
    throw new UsageError(`verify ${api} needs --base-url <url> (or ROOMKIT_BASE_URL).`);
  return suiteFor(api).target(options, options.baseUrl) as Target;
}

/** Commander's name for a flag's value (`--second-token <x>` -> secondToken). */
function optionName(flags: string): string {
  return flags
    .split(' ')[0]!
    .replace(/^--/, '')
    .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Adds flags, each of which can also come from its environment variable. */
function addFlags(command: Command, flags: readonly FlagSpec[]): Command {
  for (const flag of flags) {
    const option = new Option(flag.flags, flag.description);
    if (flag.env !== undefined) option.env(flag.env);
    if (flag.parse !== undefined) option.argParser(flag.parse);
    command.addOption(option);
  }
  return command;
}

/** A credential typed on the command line shows in process lists and CI logs: say so (never the value). */
function warnAboutTypedCredentials(command: Command, err: (text: string) => void): void {
  for (const flag of allFlags()) {
    if (flag.secret !== true || command.getOptionValueSource(optionName(flag.flags)) !== 'cli') continue;
    err(
      `roomkit: warning: ${flag.flags.split(' ')[0]} on the command line is visible to other processes and in CI logs; export ${flag.env} instead.\n`,
    );
  }
}

function writeFileSafely(flag: string, file: string, text: string): Promise<void> {
  return mkdir(dirname(file), { recursive: true })
    .then(() => writeFile(file, text))
    .catch((error: unknown) => {
      throw new UsageError(
        `${flag} ${file}: cannot write (${error instanceof Error ? error.message : String(error)}).`,
      );
    });
}

/** Ctrl-C stops the checks; a second one stops the cleanup too; a third ends the process. */
function interrupts(err: (text: string) => void) {
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

export function buildProgram(io: {
  out: (text: string) => void;
  err: (text: string) => void;
  setExitCode: (code: number) => void;
}): Command {
  const program = new Command('roomkit')
    .description('Contract tests for the hospitality and Room Retrieve APIs, from their specs.')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  const verifyCommand = program
    .command('verify')
    .description('Verify that a target (Prism mock, sandbox or live API) conforms to the spec.')
    .argument('<api>', apiNames.join(' or '))
    .addOption(
      new Option('--base-url <url>', "replaces the spec's server URL; the spec's paths are appended")
        .argParser(baseUrl)
        .env('ROOMKIT_BASE_URL'),
    );
  addFlags(verifyCommand, allFlags())
    .option('--runs <n>', 'fast-check runs per property', positiveInteger('--runs'), DEFAULT_RUNS)
    .option('--seed <n>', 'seed that replays a run (printed in every report)', seedValue)
    .option('--checks <names>', 'only these checks and rules (comma separated; see `roomkit list-checks <api>`)', list)
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--json <file>', 'write a JSON report')
    .option(
      '--ledger <file>',
      'where to save what cleanup could not delete (default: roomkit-ledger-<run id>.json beside --json, or here)',
    )
    .option('--stateless', 'the target is a stateless mock (Prism): run only the per-operation checks')
    .option(
      '--max-requests <n>',
      'request budget of the checks',
      positiveInteger('--max-requests'),
      DEFAULT_MAX_REQUESTS,
    )
    .option(
      '--max-duration <seconds>',
      'time budget of the checks, in seconds',
      positiveInteger('--max-duration'),
      DEFAULT_MAX_DURATION_MS / 1000,
    )
    .option(
      '--cleanup-timeout <seconds>',
      "cleanup's own time share after the checks, in seconds",
      positiveInteger('--cleanup-timeout'),
      DEFAULT_CLEANUP_MS / 1000,
    )
    .option(
      '--max-body <bytes>',
      'read at most this much of a response body; longer ones are cut and reported',
      positiveInteger('--max-body'),
      DEFAULT_MAX_BODY_BYTES,
    )
    .option(
      '--consistency-wait <ms>',
      'how long a created item may take to become readable',
      nonNegativeInteger('--consistency-wait'),
      DEFAULT_CONSISTENCY_WAIT_MS,
    )
    .option('--property <name>', 'only this property (repeatable; with --path replays one counterexample)', list)
    .option('--path <path>', 'fast-check path of a counterexample to replay')
    .option('--replay-path <replayPath>', 'with --path: the replayPath of a command sequence (model-based)')
    .addOption(new Option('--quiet', 'no progress lines'))
    .action(async (api: string, options: RawOptions, command: Command) => {
      const target = targetFrom(api, options);
      warnAboutTypedCredentials(command, io.err);
      // --checks takes any name a report prints: a property name runs that property with all its checks.
      let checkNames = options.checks;
      let propertyNames = options.property;
      if (options.checks !== undefined) {
        const known = catalogue(target.api);
        const all = [...known.checks, ...known.rules, ...known.properties].map((e) => e.name);
        const unknown = options.checks.filter((name) => !all.includes(name));
        if (unknown.length > 0)
          throw new UsageError(
            `--checks: unknown name(s) ${unknown.join(', ')}; \`roomkit list-checks ${target.api}\` lists the checks, rules and properties it accepts.`,
          );
        const asProperties = options.checks.filter((name) => known.properties.some((p) => p.name === name));
        const rest = options.checks.filter((name) => !asProperties.includes(name));
        if (asProperties.length > 0) propertyNames = [...(propertyNames ?? []), ...asProperties];
        // Named properties report all their checks and rules, next to any check or rule named too.
        const theirs = known.properties.filter((p) => asProperties.includes(p.name)).flatMap((p) => p.reports ?? []);
        checkNames = rest.length > 0 ? [...rest, ...theirs] : undefined;
      }
      const redactor = new Redactor(suiteOf(target).secrets(target));
      const say = (text: string) => io.out(redactor.text(text));
      const signals = interrupts(io.err);
      const kind: TargetKind = options.stateless === true ? 'stateless' : 'stateful';
      try {
        const report = await verify({
          target,
          kind,
          runs: options.runs,
          ...(options.seed === undefined ? {} : { seed: options.seed }),
          ...(checkNames === undefined ? {} : { checks: checkNames }),
          ...(propertyNames === undefined ? {} : { properties: propertyNames }),
          ...(options.path === undefined ? {} : { path: options.path }),
          ...(options.replayPath === undefined ? {} : { replayPath: options.replayPath }),
          maxRequests: options.maxRequests,
          maxDurationMs: options.maxDuration * 1000,
          cleanupMs: options.cleanupTimeout * 1000,
          maxBodyBytes: options.maxBody,
          consistencyWaitMs: options.consistencyWait,
          signal: signals.run,
          cleanupSignal: signals.cleanup,
          ...(options.quiet ? {} : { onProgress: (line: string) => io.err(`[roomkit] ${line}\n`) }),
        });
        say(`${formatTerminal(report)}\n`);
        if (report.cleanup.leftovers.length > 0 || report.cleanup.unaccounted.some((u) => u.id !== undefined)) {
          const file =
            options.ledger ??
            join(options.json === undefined ? '.' : dirname(options.json), `roomkit-ledger-${report.runId}.json`);
          await writeFileSafely('--ledger', file, formatLedger(report));
          say(
            `what is left is saved in ${file}; delete it later (each only while it still has the name this run gave it) with:\n  roomkit cleanup --ledger ${file} --base-url ${report.baseUrl}   (credentials from ${suiteOf(
              target,
            )
              .flags.filter((f) => f.secret === true && f.env !== undefined)
              .map((f) => f.env)
              .join(', ')})\n`,
          );
        }
        if (options.junit !== undefined) await writeFileSafely('--junit', options.junit, formatJunit(report));
        if (options.json !== undefined) await writeFileSafely('--json', options.json, formatJson(report));
        io.setExitCode(signals.run.aborted ? 130 : report.conforms ? EXIT.conforms : EXIT.violations);
      } finally {
        signals.dispose();
      }
    });
  const cleanupCommand = program
    .command('cleanup')
    .description(
      'Delete what an earlier run could not: only the ids in its saved ledger, and only while they still carry the name the run gave them.',
    )
    .requiredOption('--ledger <file>', 'a ledger saved by verify (roomkit-ledger-<run id>.json) or its --json report')
    .addOption(
      new Option('--base-url <url>', 'the target (default: the one the ledger names)')
        .argParser(baseUrl)
        .env('ROOMKIT_BASE_URL'),
    );
  addFlags(
    cleanupCommand,
    allFlags().filter((flag) => flag.secret === true),
  )
    .option(
      '--cleanup-timeout <seconds>',
      'time budget, in seconds',
      positiveInteger('--cleanup-timeout'),
      DEFAULT_CLEANUP_MS / 1000,
    )
    .action(
      async (
        options: { ledger: string; baseUrl?: string; cleanupTimeout: number; [flag: string]: unknown },
        command: Command,
      ) => {
        warnAboutTypedCredentials(command, io.err);
        const saved = await readLedger(options.ledger);
        const suite = suiteFor(saved.api);
        // Only the credentials matter for deleting: the rest of the target keeps its placeholders.
        const placeholder = suite.placeholder() as unknown as Record<string, unknown>;
        const credentials: Record<string, unknown> = {};
        for (const flag of suite.flags.filter((f) => f.secret === true)) {
          const name = optionName(flag.flags);
          if (options[name] !== undefined) credentials[name] = options[name];
          else if (placeholder[name] === '')
            throw new UsageError(`cleanup of a ${saved.api} ledger needs ${flag.flags} (or ${flag.env}).`);
        }
        const target = {
          ...placeholder,
          ...credentials,
          baseUrl: options.baseUrl ?? saved.baseUrl,
        } as unknown as Target;
        const redactor = new Redactor(suiteOf(target).secrets(target));
        const signals = interrupts(io.err);
        try {
          const result = await cleanupLedger(suite, target, saved, options.cleanupTimeout * 1000, signals.run);
          io.out(redactor.text(`${formatCleanup(result, saved)}\n`));
          if (result.leftovers.length > 0)
            await writeFileSafely(
              '--ledger',
              options.ledger,
              formatLedger({ ...saved, cleanup: { leftovers: result.leftovers } }),
            );
          io.setExitCode(result.leftovers.length === 0 ? EXIT.conforms : EXIT.violations);
        } finally {
          signals.dispose();
        }
      },
    );
  program
    .command('list-checks')
    .description('List the checks and rules --checks accepts.')
    .argument('<api>', apiNames.join(' or '))
    .action((api: string) => {
      if (!isApiName(api)) throw new UsageError(`unknown API "${api}": expected ${apiNames.join(' or ')}.`);
      const { checks: c, rules: r, properties: p } = catalogue(api);
      const width = Math.max(...[...c, ...r, ...p].map((e) => e.name.length)) + 2;
      const group = (title: string, entries: CatalogueEntry[]) => [
        title,
        ...entries.map((e) => `  ${e.name.padEnd(width)}${e.description.split('\n')[0]}`),
        '',
      ];
      io.out(
        [
          ...group('checks (on every exchange):', c),
          ...group(`rules (x-roomkit-rules of the ${api} spec):`, r),
          ...group('properties (each runs the checks and rules it reports; a name here runs only it):', p),
        ].join('\n'),
      );
    });
  return program;
}

/** Runs the CLI; resolves to the exit code (0 conforms, 1 violations, 2 usage error or unreachable target). */
export async function main(
  argv: readonly string[],
  io = { out: (t: string) => void process.stdout.write(t), err: (t: string) => void process.stderr.write(t) },
): Promise<number> {
  let code: number = EXIT.conforms;
  const program = buildProgram({ ...io, setExitCode: (c) => (code = c) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT.usage;
    }
    if (
      error instanceof UsageError ||
      error instanceof TargetUnreachable ||
      error instanceof CredentialsRejected ||
      error instanceof LedgerError
    ) {
      io.err(`roomkit: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

function invokedDirectly(): boolean {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (invokedDirectly()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`roomkit: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = EXIT.usage;
    },
  );
}
