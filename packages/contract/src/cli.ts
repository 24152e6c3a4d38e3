#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isApiName } from '@roomkit/openapi';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { formatJson, formatJunit } from './report/junit.js';
import { Redactor } from './report/redact.js';
import { formatTerminal } from './report/terminal.js';
import { cleanupLedger, formatCleanup, formatLedger, LedgerError, readLedger } from './safety/ledger-file.js';
import type { Suite } from './suite.js';
import type { Target, TargetKind } from './targets/target.js';
import {
  CredentialsRejected,
  DEFAULT_CLEANUP_MS,
  DEFAULT_CONSISTENCY_WAIT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_DURATION_MS,
  DEFAULT_MAX_REQUESTS,
  DEFAULT_RUNS,
  selectableNames,
  suites,
  TargetUnreachable,
  verify,
} from './verify.js';

export const EXIT = { conforms: 0, violations: 1, usage: 2 } as const;

/** A usage problem: names the flag and the rule it broke. */
export class UsageError extends Error {}

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

function hotel(value: string, previous: Array<{ hotelId: string; channelHotelId: string }> = []) {
  const match = /^([^:]+):(.+)$/.exec(value);
  if (match === null)
    throw new InvalidArgumentError(`--hotel must be <hotel_id>:<channel_hotel_id> (both non-empty), got "${value}".`);
  return [...previous, { hotelId: match[1]!, channelHotelId: match[2]! }];
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
  token?: string;
  organizationId?: string;
  secondToken?: string;
  secondOrganizationId?: string;
  appId?: string;
  apiKey?: string;
  hotel?: Array<{ hotelId: string; channelHotelId: string }>;
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
}

function require(options: RawOptions, flag: keyof RawOptions, name: string, api: string): void {
  if (options[flag] === undefined) throw new UsageError(`verify ${api} needs ${name}.`);
}

export function targetFrom(api: string, options: RawOptions): Target {
  if (!isApiName(api))
    throw new UsageError(`unknown API "${api}": the first argument of verify must be hospitality or room-retrieve.`);
  require(options, 'baseUrl', '--base-url <url>', api);
  if (api === 'hospitality') {
    require(options, 'token', '--token <bearer> (or ROOMKIT_TOKEN)', api);
    require(options, 'organizationId', '--organization-id <id> (or ROOMKIT_ORGANIZATION_ID)', api);
    if ((options.secondToken === undefined) !== (options.secondOrganizationId === undefined)) {
      throw new UsageError(
        '--second-token and --second-organization-id go together (or ROOMKIT_SECOND_TOKEN and ROOMKIT_SECOND_ORGANIZATION_ID): give both to check tenancy, or neither.',
      );
    }
    return {
      api,
      baseUrl: options.baseUrl!,
      token: options.token!,
      organizationId: options.organizationId!,
      ...(options.secondToken === undefined
        ? {}
        : { secondToken: options.secondToken, secondOrganizationId: options.secondOrganizationId! }),
    };
  }
  require(options, 'appId', '--app-id <id> (or ROOMKIT_APP_ID)', api);
  require(options, 'apiKey', '--api-key <Authorization value> (or ROOMKIT_API_KEY)', api);
  if (options.hotel === undefined || options.hotel.length === 0)
    throw new UsageError('verify room-retrieve needs at least one --hotel <hotel_id>:<channel_hotel_id>.');
  return { api, baseUrl: options.baseUrl!, appId: options.appId!, apiKey: options.apiKey!, hotels: options.hotel };
}

/** Credentials: each flag can also come from the environment, so that no secret is typed on a command line. */
const CREDENTIALS = [
  ['--token <bearer>', 'hospitality: bearer token of the organization', 'ROOMKIT_TOKEN'],
  ['--second-token <bearer>', "hospitality: a second organization's token (tenancy checks)", 'ROOMKIT_SECOND_TOKEN'],
  ['--app-id <id>', 'room-retrieve: app-id header', 'ROOMKIT_APP_ID'],
  ['--api-key <value>', 'room-retrieve: sent verbatim as the Authorization header', 'ROOMKIT_API_KEY'],
] as const;

function credentialOptions(command: Command): Command {
  for (const [flags, description, env] of CREDENTIALS) command.addOption(new Option(flags, description).env(env));
  return command;
}

/** A credential typed on the command line shows in process lists and CI logs: say so (never the value). */
function warnAboutTypedCredentials(command: Command, err: (text: string) => void): void {
  for (const [flags, , env] of CREDENTIALS) {
    const name = flags
      .split(' ')[0]!
      .replace(/^--/, '')
      .replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (command.getOptionValueSource(name) === 'cli') {
      err(
        `roomkit: warning: ${flags.split(' ')[0]} on the command line is visible to other processes and in CI logs; export ${env} instead.\n`,
      );
    }
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
    .argument('<api>', 'hospitality or room-retrieve')
    .addOption(
      new Option('--base-url <url>', "replaces the spec's server URL; the spec's paths are appended")
        .argParser(baseUrl)
        .env('ROOMKIT_BASE_URL'),
    )
    .addOption(
      new Option('--organization-id <id>', 'hospitality: the organization the token belongs to').env(
        'ROOMKIT_ORGANIZATION_ID',
      ),
    )
    .addOption(
      new Option('--second-organization-id <id>', 'hospitality: the second organization').env(
        'ROOMKIT_SECOND_ORGANIZATION_ID',
      ),
    );
  credentialOptions(verifyCommand)
    .option('--hotel <hotel_id:channel_hotel_id>', 'room-retrieve: a hotel the target knows (repeatable)', hotel)
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
      if (options.checks !== undefined) {
        const known = selectableNames(target.api);
        const unknown = options.checks.filter((name) => !known.includes(name));
        if (unknown.length > 0)
          throw new UsageError(
            `--checks: unknown name(s) ${unknown.join(', ')}; known for ${target.api}: ${known.join(', ')}.`,
          );
      }
      const redactor = new Redactor(suites[target.api].secrets(target as never));
      const say = (text: string) => io.out(redactor.text(text));
      const signals = interrupts(io.err);
      const kind: TargetKind = options.stateless === true ? 'stateless' : 'stateful';
      try {
        const report = await verify({
          target,
          kind,
          runs: options.runs,
          ...(options.seed === undefined ? {} : { seed: options.seed }),
          ...(options.checks === undefined ? {} : { checks: options.checks }),
          ...(options.property === undefined ? {} : { properties: options.property }),
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
        if (report.cleanup.leftovers.length > 0) {
          const file =
            options.ledger ??
            join(options.json === undefined ? '.' : dirname(options.json), `roomkit-ledger-${report.runId}.json`);
          await writeFileSafely('--ledger', file, formatLedger(report));
          say(
            `the ${report.cleanup.leftovers.length} resource(s) left are saved in ${file}; delete them later with:\n  roomkit cleanup --ledger ${file} --base-url ${report.baseUrl}   (credentials from ${target.api === 'hospitality' ? 'ROOMKIT_TOKEN' : 'ROOMKIT_APP_ID / ROOMKIT_API_KEY'})\n`,
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
  credentialOptions(cleanupCommand)
    .option(
      '--cleanup-timeout <seconds>',
      'time budget, in seconds',
      positiveInteger('--cleanup-timeout'),
      DEFAULT_CLEANUP_MS / 1000,
    )
    .action(
      async (
        options: {
          ledger: string;
          baseUrl?: string;
          token?: string;
          appId?: string;
          apiKey?: string;
          cleanupTimeout: number;
        },
        command: Command,
      ) => {
        warnAboutTypedCredentials(command, io.err);
        const saved = await readLedger(options.ledger);
        const target: Target =
          saved.api === 'hospitality'
            ? {
                api: 'hospitality',
                baseUrl: options.baseUrl ?? saved.baseUrl,
                token: options.token ?? '',
                organizationId: '',
              }
            : {
                api: 'room-retrieve',
                baseUrl: options.baseUrl ?? saved.baseUrl,
                appId: options.appId ?? '',
                apiKey: options.apiKey ?? '',
                hotels: [],
              };
        if (saved.api === 'hospitality' && options.token === undefined)
          throw new UsageError('cleanup of a hospitality ledger needs --token <bearer> (or ROOMKIT_TOKEN).');
        const redactor = new Redactor(suites[target.api].secrets(target as never));
        const signals = interrupts(io.err);
        try {
          const result = await cleanupLedger(
            suites[target.api] as Suite,
            target,
            saved,
            options.cleanupTimeout * 1000,
            signals.run,
          );
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
    .argument('<api>', 'hospitality or room-retrieve')
    .action((api: string) => {
      if (!isApiName(api)) throw new UsageError(`unknown API "${api}": expected hospitality or room-retrieve.`);
      io.out(`${selectableNames(api).join('\n')}\n`);
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
