#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { cleanupCommand } from './cli/cleanup-command.js';
import { listCommand } from './cli/list-command.js';
import { EXIT, type CliIo } from './cli/options.js';
import { replayCommand } from './cli/replay-command.js';
import { reportCommand } from './cli/report-command.js';
import { verifyCommand } from './cli/verify-command.js';
import { LedgerError } from './safety/ledger-file.js';
import { CredentialsRejected, TargetUnreachable, UsageError } from './suite.js';

export { EXIT, UsageError };
export { targetFrom } from './cli/verify-command.js';

export function buildProgram(io: CliIo): Command {
  const program = new Command('roomkit')
    .description('Contract tests for the hospitality and Room Retrieve APIs, from their specs.')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  verifyCommand(program, io);
  replayCommand(program, io);
  reportCommand(program, io);
  cleanupCommand(program, io);
  listCommand(program, io);
  return program;
}

/** Runs the CLI; resolves to the exit code (0 conforms, 1 violations or incomplete, 2 usage error or unreachable target, 130 interrupted). */
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
