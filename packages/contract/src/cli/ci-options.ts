/**
 * What `roomkit verify` adds for a vendor's CI: a config file of named targets (flags override it),
 * a baseline of known violations, operation and check filters, and a HAR file of the exchanges.
 * The logic lives in src/config/, src/report/baseline.ts, src/report/har.ts and src/selection.ts.
 */
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { apiNames, isApiName } from '@roomkit/openapi';
import { type Command, InvalidArgumentError } from 'commander';
import { configuredTarget, findConfigFile, loadConfigFile } from '../config/config-file.js';
import { openSpec } from '../openapi/open.js';
import { baselineFrom, compareWithBaseline, type BaselineFile } from '../report/baseline.js';
import { HarRecorder } from '../report/har.js';
import type { Redactor } from '../report/redact.js';
import type { VerifyReport } from '../report/types.js';
import pkg from '../../package.json' with { type: 'json' };
import { runFilter, type RunFilter } from '../selection.js';
import { UsageError } from '../suite.js';
import { catalogue, selectableNames } from '../catalogue.js';
import type { VerifyOptions } from '../verify.js';
import { list, type CliIo } from './options.js';

/** The flags of this module, as commander names their values. */
export interface CiFlags {
  config?: string;
  target?: string;
  baseline?: string;
  har?: string;
  operations?: string[];
  excludeOperations?: string[];
  excludeChecks?: string[];
}

export function addCiFlags(command: Command): Command {
  return command
    .option(
      '--config <file>',
      'targets and options from this file (default: roomkit.config.yaml in this folder, if any)',
    )
    .option('--target <name>', 'the named target of the config file to verify')
    .option(
      '--baseline <file>',
      'known violations (a file of `roomkit baseline`, or a JSON report): only violations not in it fail the run',
    )
    .option('--har <file>', "write the run's exchanges as HAR 1.2 (credentials redacted, bodies capped at --max-body)")
    .option('--operations <ids or tags>', 'only these operations (operation ids or tags, comma separated)', list)
    .option('--exclude-operations <ids or tags>', 'leave out these operations (operation ids or tags)', list)
    .option(
      '--exclude-checks <names>',
      'leave out these checks, rules or properties (names from `roomkit list-checks <api>`)',
      list,
    );
}

/**
 * Sets each option the config file's target gives, unless the command line gave it: a flag
 * overrides the file, and the file overrides environment variables and defaults. Each value goes
 * through its flag's own parser, so the file obeys the flag's rules; an error names the file and key.
 * Returns the API to verify.
 */
export async function applyConfigFile(
  command: Command,
  api: string | undefined,
  options: CiFlags,
  io: Pick<CliIo, 'err'>,
  cwd = process.cwd(),
): Promise<string> {
  const file = await findConfigFile(options.config, cwd);
  if (file === undefined) {
    if (options.target !== undefined)
      throw new UsageError(
        `--target ${options.target} needs a config file: give --config <file>, or add roomkit.config.yaml to ${cwd}.`,
      );
    if (api === undefined)
      throw new UsageError(
        `verify needs the API to verify (${apiNames.join(' or ')}), or a roomkit.config.yaml target (--config, --target).`,
      );
    return api;
  }
  const config = await loadConfigFile(file);
  const target = configuredTarget(config, options.target);
  if (api !== undefined && api !== target.api)
    throw new UsageError(
      `verify ${api}: the target ${target.name} of ${file} is a ${target.api} target; give verify ${target.api}, or no API.`,
    );
  for (const [key, read] of Object.entries(target.values)) {
    const option = command.options.find((o) => o.long === `--${key}`);
    if (option === undefined) {
      // A key of the schema this verifier has no flag for (a newer file, or an engine flag not built in).
      io.err(`roomkit: note: ${file}: ${key} is ignored: this roomkit verify has no --${key}.\n`);
      continue;
    }
    const name = option.attributeName();
    if (command.getOptionValueSource(name) === 'cli') continue;
    const value = read();
    let parsed: unknown;
    if (!option.required && !option.optional) parsed = value;
    else {
      const values = Array.isArray(value) ? value.map(String) : [String(value)];
      try {
        parsed = values.reduce<unknown>(
          (previous, v) => (option.parseArg === undefined ? v : option.parseArg(v, previous)),
          undefined,
        );
      } catch (error) {
        if (!(error instanceof InvalidArgumentError)) throw error;
        throw new UsageError(`${file}: target ${target.name}, ${key}: ${error.message}`);
      }
    }
    command.setOptionValueWithSource(name, parsed, 'config');
  }
  if (!isApiName(target.api)) throw new UsageError(`${file}: target ${target.name} has an unknown api ${target.api}.`);
  return target.api;
}

/** The run filter of the flags (usage errors name the flag and list the valid names). */
export function filterFromFlags(api: string, options: CiFlags): RunFilter | undefined {
  if (!isApiName(api)) return undefined;
  const known = catalogue(api);
  return runFilter(openSpec(api), options, {
    api,
    properties: known.properties.map((p) => p.name),
    all: selectableNames(api),
  });
}

/** Reads `--baseline` before the run, so a wrong file is a usage error, not a finding after minutes of checks. */
export async function readBaseline(file: string, api: string): Promise<BaselineFile> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--baseline ${file}: cannot read it as JSON (${(error as Error).message}).`);
  }
  const baseline = baselineFrom(value);
  if (baseline === undefined)
    throw new UsageError(
      `--baseline ${file}: neither a baseline (written by \`roomkit baseline <report.json>\`) nor a JSON report of verify --json.`,
    );
  if (baseline.api !== api) throw new UsageError(`--baseline ${file} is a baseline of ${baseline.api}, not of ${api}.`);
  return baseline;
}

/** Removes the checks and rules `--exclude-checks` names from what `--checks` selected (everything when it selected nothing). */
export function withoutExcludedChecks(
  api: string,
  selection: { checks?: string[]; properties?: string[] },
  excluded: readonly string[] | undefined,
): { checks?: string[]; properties?: string[] } {
  if (excluded === undefined || !isApiName(api)) return selection;
  const known = catalogue(api);
  const checksAndRules = [...known.checks, ...known.rules].map((e) => e.name);
  const left = (selection.checks ?? checksAndRules).filter((name) => !excluded.includes(name));
  return left.length === (selection.checks ?? checksAndRules).length ? selection : { ...selection, checks: left };
}

/**
 * The parts of a run the CI flags add, prepared before anything is sent (a wrong baseline or an
 * unwritable HAR path is a usage error at once): the filter and recorder verify takes, the
 * baseline comparison once the report exists, and the HAR file's end.
 */
export async function prepareCiRun(api: string, options: CiFlags & { maxBody: number }) {
  const baseline = options.baseline === undefined ? undefined : await readBaseline(options.baseline, api);
  const filter = filterFromFlags(api, options);
  let recorder: HarRecorder | undefined;
  if (options.har !== undefined) {
    try {
      mkdirSync(dirname(options.har), { recursive: true });
      recorder = new HarRecorder(options.har, options.maxBody, pkg.version);
    } catch (error) {
      throw new UsageError(`--har ${options.har}: cannot write (${(error as Error).message}).`);
    }
  }
  const verifyOptions: Pick<VerifyOptions, 'filter' | 'recorder'> = {
    ...(filter === undefined ? {} : { filter }),
    ...(recorder === undefined ? {} : { recorder }),
  };
  return {
    verifyOptions,
    /** Marks the report's violations new or known (before any report is written). */
    annotate(report: VerifyReport): void {
      if (baseline !== undefined) compareWithBaseline(report, baseline, options.baseline!);
    },
    /** Ends the HAR file; returns how many exchanges it holds. */
    close(redactor: Redactor): number | undefined {
      return recorder?.close(redactor);
    },
  };
}
