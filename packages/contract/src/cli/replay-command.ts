import { dirname } from 'node:path';
import { Command } from 'commander';
import type { Violation } from '../checks/types.js';
import { Redactor } from '../report/redact.js';
import type { VerifyReport } from '../report/types.js';
import { UsageError } from '../suite.js';
import { allFlags, suiteFor } from '../suites.js';
import { addFlags, baseUrlOption, EXIT, positiveInteger, warnAboutTypedCredentials, type CliIo } from './options.js';
import { readReport } from './report-file.js';
import { addVerifyFlags, runVerification, targetFrom, type VerifyFlags } from './verify-command.js';

/** The flag values a report recorded for its target, parsed as the command line would parse them. */
function recordedFlags(report: VerifyReport): Record<string, unknown> {
  const parser = new Command().exitOverride().allowUnknownOption(false);
  addFlags(
    parser,
    suiteFor(report.api).flags.filter((f) => f.secret !== true),
  );
  parser.parse(report.target?.args ?? [], { from: 'user' });
  return parser.opts();
}

function sameViolation(a: Violation, b: Violation): boolean {
  return a.name === b.name && (a.operationId ?? '') === (b.operationId ?? '');
}

/**
 * `roomkit replay <report.json> --violation <n>`: sends the violation's case again (its shrunk
 * input through its property, with the fixtures it needs, from an empty start), judges it with the
 * same check or rule, cleans up what it created, and says reproduced (exit 1) or not (exit 0).
 */
export function replayCommand(program: Command, io: CliIo): void {
  const command = program
    .command('replay')
    .description(
      'Replay one violation of a JSON report against a target: "reproduced" (exit 1) or "not reproduced" (exit 0).',
    )
    .argument('<report>', 'a JSON report written by verify --json')
    .requiredOption(
      '--violation <n>',
      'the violation to replay, numbered as the report prints them',
      positiveInteger('--violation'),
    )
    .addOption(baseUrlOption('the target (default: the one the report names)'));
  addVerifyFlags(addFlags(command, allFlags())).action(
    async (file: string, options: VerifyFlags & { violation: number }, self: Command) => {
      warnAboutTypedCredentials(self, io.err);
      const original = await readReport(file);
      const violation = original.violations[options.violation - 1];
      if (violation === undefined)
        throw new UsageError(
          `--violation ${options.violation}: ${file} has ${original.violations.length} violation(s).`,
        );
      // The report's target, with anything given here (flag or variable) winning.
      const given = Object.fromEntries(
        Object.keys(options)
          .filter((key) => ['cli', 'env'].includes(self.getOptionValueSource(key) ?? ''))
          .map((key) => [key, options[key]]),
      );
      const flags: VerifyFlags = {
        ...options,
        ...recordedFlags(original),
        ...given,
        baseUrl: (given.baseUrl as string | undefined) ?? original.baseUrl,
        runs: 1,
        seed: violation.seed,
        checks: [violation.name],
        property: [violation.property],
        ...(violation.path === undefined ? {} : { path: violation.path }),
        ...(violation.replayPath === undefined ? {} : { replayPath: violation.replayPath }),
        ...(original.kind === 'stateless' ? { stateless: true } : {}),
        // What the replay cannot clean up is saved beside the report it replays.
        ledgerDir: dirname(file),
        maxBody: (given.maxBody as number | undefined) ?? original.limits?.maxBodyBytes ?? options.maxBody,
        consistencyWait:
          (given.consistencyWait as number | undefined) ??
          original.limits?.consistencyWaitMs ??
          options.consistencyWait,
      };
      const target = targetFrom(original.api, flags);
      const redactor = new Redactor(suiteFor(target.api).secrets(target as never));
      const say = (text: string) => io.out(redactor.text(text));
      say(
        `replaying violation ${options.violation} of ${file}: ${violation.kind} ${violation.name}${violation.operationId === undefined ? '' : ` (${violation.operationId})`}, property ${violation.property}, seed ${violation.seed}${violation.path === undefined ? '' : `, path ${violation.path}`}, against ${target.baseUrl}\n`,
      );
      const { report, interrupted } = await runVerification(target, { ...flags, quiet: flags.quiet ?? true }, io, {
        print: false,
      });
      const again = report.violations.find((v) => sameViolation(v, violation));
      if (again !== undefined) {
        say(`reproduced: ${again.message}\n  spec: ${again.location}\n`);
        if (again.exchange?.curl !== undefined) say(`  curl: ${again.exchange.curl}\n`);
        say(`cleanup: deleted ${report.cleanup.deleted} resource(s) the replay created\n`);
        io.setExitCode(interrupted ? EXIT.interrupted : EXIT.violations);
        return;
      }
      if (report.result === 'incomplete') {
        say(
          `not replayed to the end (${report.stoppedEarly ?? report.properties.find((p) => p.status !== 'passed')?.reason ?? 'incomplete'}): cannot tell whether it reproduces\n`,
        );
        io.setExitCode(interrupted ? EXIT.interrupted : EXIT.violations);
        return;
      }
      say(
        `not reproduced: the same case now gets the answer the spec promises (${report.requests} requests; cleanup deleted ${report.cleanup.deleted})\n`,
      );
      io.setExitCode(interrupted ? EXIT.interrupted : EXIT.conforms);
    },
  );
}
