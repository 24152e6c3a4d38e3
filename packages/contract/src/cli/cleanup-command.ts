import type { Command } from 'commander';
import { openSpec } from '../openapi/open.js';
import { Redactor } from '../report/redact.js';
import { cleanupLedger, formatCleanup, formatLedger, readLedger } from '../safety/ledger-file.js';
import { flagName, UsageError } from '../suite.js';
import { allFlags, suiteFor, type Target } from '../suites.js';
import { DEFAULT_CLEANUP_MS, DEFAULT_CONCURRENCY } from '../verify.js';
import {
  addFlags,
  baseUrlOption,
  EXIT,
  interrupts,
  positiveInteger,
  warnAboutTypedCredentials,
  writeFileSafely,
  type CliIo,
} from './options.js';

export function cleanupCommand(program: Command, io: CliIo): void {
  const command = program
    .command('cleanup')
    .description(
      'Delete what an earlier run could not: only the ids in its saved ledger, and only while they still carry the name the run gave them.',
    )
    .requiredOption('--ledger <file>', 'a ledger saved by verify (roomkit-ledger-<run id>.json) or its --json report')
    .addOption(baseUrlOption('the target (default: the one the ledger names)'));
  addFlags(
    command,
    allFlags().filter((flag) => flag.secret === true),
  )
    .option(
      '--cleanup-timeout <seconds>',
      'time budget, in seconds',
      positiveInteger('--cleanup-timeout'),
      DEFAULT_CLEANUP_MS / 1000,
    )
    .option(
      '--concurrency <n>',
      'most requests in flight at once (reads and deletes of one depth run together)',
      positiveInteger('--concurrency'),
      DEFAULT_CONCURRENCY,
    )
    .action(
      async (
        options: {
          ledger: string;
          baseUrl?: string;
          cleanupTimeout: number;
          concurrency: number;
          [flag: string]: unknown;
        },
        self: Command,
      ) => {
        warnAboutTypedCredentials(self, io.err);
        const saved = await readLedger(options.ledger);
        const suite = suiteFor(saved.api);
        // Only the credentials matter for deleting: the rest of the target keeps its placeholders.
        const placeholder = suite.placeholder() as unknown as Record<string, unknown>;
        const credentials: Record<string, unknown> = {};
        for (const flag of suite.flags.filter((f) => f.secret === true)) {
          const name = flagName(flag.flags);
          if (options[name] !== undefined) credentials[name] = options[name];
          else if (placeholder[name] === '')
            throw new UsageError(`cleanup of a ${saved.api} ledger needs ${flag.flags} (or ${flag.env}).`);
        }
        const target = {
          ...placeholder,
          ...credentials,
          baseUrl: options.baseUrl ?? saved.baseUrl,
        } as unknown as Target;
        const redactor = new Redactor(suite.secrets(target));
        const signals = interrupts(io.err);
        try {
          const headers = suite.auth(target, openSpec(saved.api).doc).primary;
          const result = await cleanupLedger(
            saved,
            target.baseUrl,
            headers,
            options.cleanupTimeout * 1000,
            signals.run,
            options.concurrency,
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
}
