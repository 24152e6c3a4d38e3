#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isApiName } from '@roomkit/openapi';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { formatJson, formatJunit } from './report/junit.js';
import { formatTerminal } from './report/terminal.js';
import type { Target, TargetKind } from './targets/target.js';
import {
  CredentialsRejected,
  DEFAULT_MAX_DURATION_MS,
  DEFAULT_MAX_REQUESTS,
  DEFAULT_RUNS,
  selectableNames,
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
  stateless?: boolean;
  maxRequests: number;
  maxDuration: number;
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
    require(options, 'token', '--token <bearer>', api);
    require(options, 'organizationId', '--organization-id <id>', api);
    if ((options.secondToken === undefined) !== (options.secondOrganizationId === undefined)) {
      throw new UsageError(
        '--second-token and --second-organization-id go together: give both to check tenancy, or neither.',
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
  require(options, 'appId', '--app-id <id>', api);
  require(options, 'apiKey', '--api-key <Authorization value>', api);
  if (options.hotel === undefined || options.hotel.length === 0)
    throw new UsageError('verify room-retrieve needs at least one --hotel <hotel_id>:<channel_hotel_id>.');
  return { api, baseUrl: options.baseUrl!, appId: options.appId!, apiKey: options.apiKey!, hotels: options.hotel };
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
  program
    .command('verify')
    .description('Verify that a target (Prism mock, sandbox or live API) conforms to the spec.')
    .argument('<api>', 'hospitality or room-retrieve')
    .option('--base-url <url>', "replaces the spec's server URL; the spec's paths are appended", baseUrl)
    .option('--token <bearer>', 'hospitality: bearer token of the organization')
    .option('--organization-id <id>', 'hospitality: the organization the token belongs to')
    .option('--second-token <bearer>', "hospitality: a second organization's token (tenancy checks)")
    .option('--second-organization-id <id>', 'hospitality: the second organization')
    .option('--app-id <id>', 'room-retrieve: app-id header')
    .option('--api-key <value>', 'room-retrieve: sent verbatim as the Authorization header')
    .option('--hotel <hotel_id:channel_hotel_id>', 'room-retrieve: a hotel the target knows (repeatable)', hotel)
    .option('--runs <n>', 'fast-check runs per property', positiveInteger('--runs'), DEFAULT_RUNS)
    .option('--seed <n>', 'seed that replays a run (printed in every report)', seedValue)
    .option('--checks <names>', 'only these checks and rules (comma separated; see `roomkit list-checks <api>`)', list)
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--json <file>', 'write a JSON report')
    .option('--stateless', 'the target is a stateless mock (Prism): run only the per-operation checks')
    .option('--max-requests <n>', 'request budget', positiveInteger('--max-requests'), DEFAULT_MAX_REQUESTS)
    .option(
      '--max-duration <seconds>',
      'time budget in seconds',
      positiveInteger('--max-duration'),
      DEFAULT_MAX_DURATION_MS / 1000,
    )
    .option('--property <name>', 'only this property (repeatable; with --path replays one counterexample)', list)
    .option('--path <path>', 'fast-check path of a counterexample to replay')
    .option('--replay-path <replayPath>', 'with --path: the replayPath of a command sequence (model-based)')
    .addOption(new Option('--quiet', 'no progress lines'))
    .action(async (api: string, options: RawOptions) => {
      const target = targetFrom(api, options);
      if (options.checks !== undefined) {
        const known = selectableNames(target.api);
        const unknown = options.checks.filter((name) => !known.includes(name));
        if (unknown.length > 0)
          throw new UsageError(
            `--checks: unknown name(s) ${unknown.join(', ')}; known for ${target.api}: ${known.join(', ')}.`,
          );
      }
      const controller = new AbortController();
      const onSigint = () => {
        io.err('\ninterrupted: stopping and deleting what this run created (Ctrl-C again to abandon cleanup)\n');
        process.off('SIGINT', onSigint);
        controller.abort();
      };
      process.on('SIGINT', onSigint);
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
          signal: controller.signal,
          ...(options.quiet ? {} : { onProgress: (line: string) => io.err(`[roomkit] ${line}\n`) }),
        });
        io.out(`${formatTerminal(report)}\n`);
        for (const [flag, file, text] of [
          ['--junit', options.junit, () => formatJunit(report)],
          ['--json', options.json, () => formatJson(report)],
        ] as const) {
          if (file === undefined) continue;
          try {
            await mkdir(dirname(file), { recursive: true });
            await writeFile(file, text());
          } catch (error) {
            throw new UsageError(
              `${flag} ${file}: cannot write the report (${error instanceof Error ? error.message : String(error)}).`,
            );
          }
        }
        io.setExitCode(controller.signal.aborted ? 130 : report.conforms ? EXIT.conforms : EXIT.violations);
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
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
    if (error instanceof UsageError || error instanceof TargetUnreachable || error instanceof CredentialsRejected) {
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
