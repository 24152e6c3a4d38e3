import { dirname, join } from 'node:path';
import { apiNames, isApiName } from '@roomkit/openapi';
import { type Command, Option } from 'commander';
import { ROOMKIT_COMMAND } from '../report/command.js';
import { gatePasses } from '../report/baseline.js';
import { coverageOf } from '../conformance.js';
import { formatHtml } from '../report/html.js';
import { formatJson, formatJunit } from '../report/junit.js';
import { Redactor } from '../report/redact.js';
import { formatTerminal } from '../report/terminal.js';
import type { VerifyReport } from '../report/types.js';
import { formatLedger } from '../safety/ledger-file.js';
import { UsageError, type TargetKind } from '../suite.js';
import { allFlags, suiteFor, suiteOf, type Target } from '../suites.js';
import {
  catalogue,
  DEFAULT_CLEANUP_MS,
  DEFAULT_CONCURRENCY,
  DEFAULT_CONSISTENCY_WAIT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_DURATION_MS,
  DEFAULT_MAX_REQUESTS,
  DEFAULT_RUNS,
  selectableNames,
  verify,
} from '../verify.js';
import {
  addFlags,
  baseUrlOption,
  EXIT,
  interrupts,
  list,
  nonNegativeInteger,
  positiveInteger,
  rateValue,
  seedValue,
  warnAboutTypedCredentials,
  writeFileSafely,
  type CliIo,
} from './options.js';
import { addCiFlags, applyConfigFile, prepareCiRun, withoutExcludedChecks, type CiFlags } from './ci-options.js';

export interface VerifyFlags extends CiFlags {
  baseUrl?: string;
  runs: number;
  seed?: number;
  checks?: string[];
  junit?: string;
  json?: string;
  html?: string;
  ledger?: string;
  stateless?: boolean;
  keepFailing?: boolean;
  maxRequests: number;
  maxDuration: number;
  cleanupTimeout: number;
  maxBody: number;
  consistencyWait: number;
  concurrency?: number;
  rateLimit?: number;
  property?: string[];
  path?: string;
  replayPath?: string;
  quiet?: boolean;
  /** Where the ledger of what is left goes when --ledger is not given (default: beside --json, or here). */
  ledgerDir?: string;
  [apiFlag: string]: unknown;
}

/** Builds the target of `verify <api>` from the flags, through that API's suite. */
export function targetFrom(api: string, options: { baseUrl?: string; [flag: string]: unknown }): Target {
  if (!isApiName(api))
    throw new UsageError(`unknown API "${api}": the first argument of verify must be ${apiNames.join(' or ')}.`);
  if (options.baseUrl === undefined)
    throw new UsageError(`verify ${api} needs --base-url <url> (or ROOMKIT_BASE_URL).`);
  return suiteFor(api).target(options, options.baseUrl) as Target;
}

/** The flags every `verify` shares (those that name the target come from the suites). */
export function addVerifyFlags(command: Command): Command {
  return command
    .option('--runs <n>', 'fast-check runs per property', positiveInteger('--runs'), DEFAULT_RUNS)
    .option('--seed <n>', 'seed that replays a run (printed in every report)', seedValue)
    .option(
      '--checks <names>',
      'only these checks, rules or properties (comma separated; see `roomkit list-checks <api>`)',
      list,
    )
    .option('--junit <file>', 'write a JUnit XML report')
    .option('--json <file>', 'write a JSON report')
    .option(
      '--html <file>',
      'write an HTML report: one self-contained page (verdict, operations × checks, rules, violations)',
    )
    .option(
      '--ledger <file>',
      'where to save what cleanup leaves (default: roomkit-ledger-<run id>.json beside --json, or here)',
    )
    .option('--stateless', 'the target is a stateless mock (Prism): run only the per-operation checks')
    .option(
      '--keep-failing',
      'leave the resources of failing cases in place (listed, with the command that removes them)',
    )
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
    .option(
      '--concurrency <n>',
      'most requests in flight at once (1: one at a time); a 429, 503 or timeout halves it for a while',
      positiveInteger('--concurrency'),
      DEFAULT_CONCURRENCY,
    )
    .option(
      '--rate-limit <n/s>',
      "most requests per second (the target's published quota), e.g. 5/s",
      rateValue('--rate-limit'),
    )
    .addOption(new Option('--quiet', 'no progress lines'));
}

/** `--checks` takes any name a report prints: a property's name runs that property with all its checks. */
function selection(api: Target['api'], options: VerifyFlags): { checks?: string[]; properties?: string[] } {
  if (options.checks === undefined) return options.property === undefined ? {} : { properties: options.property };
  const known = catalogue(api);
  const all = selectableNames(api);
  const unknown = options.checks.filter((name) => !all.includes(name));
  if (unknown.length > 0)
    throw new UsageError(
      `--checks: unknown name(s) ${unknown.join(', ')}; \`roomkit list-checks ${api}\` lists the checks, rules and properties it accepts.`,
    );
  const asProperties = options.checks.filter((name) => known.properties.some((p) => p.name === name));
  const rest = options.checks.filter((name) => !asProperties.includes(name));
  const properties = [...(options.property ?? []), ...asProperties];
  // Named properties report all their checks and rules, next to any check or rule named too.
  const theirs = known.properties.filter((p) => asProperties.includes(p.name)).flatMap((p) => p.reports ?? []);
  // A rule judged by checks (the authentication rule by ignored_auth, …) selects them too.
  theirs.push(...known.rules.filter((r) => rest.includes(r.name)).flatMap((r) => r.judgedBy ?? []));
  return {
    ...(rest.length > 0 ? { checks: [...rest, ...theirs] } : {}),
    ...(properties.length > 0 ? { properties } : {}),
  };
}

/** Runs verify as the command does: progress, the terminal report, the files asked for, and the ledger of what is left. */
export async function runVerification(
  target: Target,
  options: VerifyFlags,
  io: CliIo,
  how: { print?: boolean } = {},
): Promise<{ report: VerifyReport; interrupted: boolean }> {
  const redactor = new Redactor(suiteOf(target).secrets(target));
  const say = (text: string) => io.out(redactor.text(text));
  const ci = await prepareCiRun(target.api, options);
  const signals = interrupts(io.err);
  const kind: TargetKind = options.stateless === true ? 'stateless' : 'stateful';
  try {
    const report = await verify({
      ...ci.verifyOptions,
      target,
      kind,
      runs: options.runs,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...withoutExcludedChecks(target.api, selection(target.api, options), options.excludeChecks),
      ...(options.path === undefined ? {} : { path: options.path }),
      ...(options.replayPath === undefined ? {} : { replayPath: options.replayPath }),
      maxRequests: options.maxRequests,
      maxDurationMs: options.maxDuration * 1000,
      cleanupMs: options.cleanupTimeout * 1000,
      maxBodyBytes: options.maxBody,
      consistencyWaitMs: options.consistencyWait,
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
      keepFailing: options.keepFailing === true,
      signal: signals.run,
      cleanupSignal: signals.cleanup,
      ...(options.quiet ? {} : { onProgress: (line: string) => io.err(`[roomkit] ${line}\n`) }),
    });
    ci.annotate(report);
    if (options.json !== undefined) {
      report.violations.forEach((v, index) => {
        if (v.replay !== undefined)
          v.replay.report = `${ROOMKIT_COMMAND} replay ${options.json} --violation ${index + 1}`;
      });
    }
    if (how.print !== false) say(`${formatTerminal(report)}\n`);
    const { leftovers, unaccounted, kept } = report.cleanup;
    const file =
      options.ledger ??
      join(
        options.json === undefined ? (options.ledgerDir ?? '.') : dirname(options.json),
        `roomkit-ledger-${report.runId}.json`,
      );
    if (leftovers.length > 0 || kept.length > 0 || unaccounted.some((u) => u.id !== undefined)) {
      await writeFileSafely('--ledger', file, formatLedger(report));
      const credentials = suiteOf(target)
        .flags.filter((f) => f.secret === true && f.env !== undefined)
        .map((f) => f.env)
        .join(', ');
      say(
        `what is left is saved in ${file}; delete it later (each only while it still has the name this run gave it) with:\n  ${ROOMKIT_COMMAND} cleanup --ledger ${file} --base-url ${report.baseUrl}   (credentials from ${credentials})\n`,
      );
    }
    if (options.junit !== undefined) await writeFileSafely('--junit', options.junit, formatJunit(report));
    if (options.json !== undefined) await writeFileSafely('--json', options.json, formatJson(report));
    if (options.html !== undefined)
      await writeFileSafely(
        '--html',
        options.html,
        redactor.text(
          formatHtml(report, coverageOf(report), {
            ledgerFile: file,
            ...(options.json === undefined ? {} : { reportFile: options.json }),
          }),
        ),
      );
    return { report, interrupted: signals.run.aborted };
  } finally {
    const entries = ci.close(redactor);
    if (entries !== undefined) io.err(`roomkit: wrote ${options.har} (${entries} exchanges, HAR 1.2)\n`);
    signals.dispose();
  }
}

export function verifyCommand(program: Command, io: CliIo): void {
  const command = program
    .command('verify')
    .description('Verify that a target (Prism mock, sandbox or live API) conforms to the spec.')
    .argument('[api]', `${apiNames.join(' or ')} (or from the config file's target)`)
    .addOption(baseUrlOption());
  addCiFlags(addVerifyFlags(addFlags(command, allFlags())))
    .option('--property <name>', 'only this property (repeatable; with --path replays one counterexample)', list)
    .option('--path <path>', 'fast-check path of a counterexample to replay')
    .option('--replay-path <replayPath>', 'with --path: the replayPath of a command sequence (model-based)')
    .action(async (named: string | undefined, given: VerifyFlags, self: Command) => {
      const api = await applyConfigFile(self, named, given, io);
      const options = self.opts<VerifyFlags>();
      const target = targetFrom(api, options);
      warnAboutTypedCredentials(self, io.err);
      const { report, interrupted } = await runVerification(target, options, io);
      io.setExitCode(interrupted ? EXIT.interrupted : gatePasses(report) ? EXIT.conforms : EXIT.violations);
    });
}
