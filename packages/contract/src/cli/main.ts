/** The roomkit program: its commands, and how a run ends (the exit code). `cli.ts` is the bin that runs it. */
import { Command, CommanderError } from 'commander';
import { baselineCommand } from './baseline-command.js';
import { cleanupCommand } from './cleanup-command.js';
import { diffCommand } from './diff-command.js';
import { listCommand } from './list-command.js';
import { EXIT, type CliIo } from './options.js';
import { replayCommand } from './replay-command.js';
import { reportCommand } from './report-command.js';
import { verifyCommand } from './verify-command.js';
import { LedgerError } from '../safety/ledger-file.js';
import { CredentialsRejected, TargetUnreachable, UsageError } from '../suite.js';

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
  baselineCommand(program, io);
  diffCommand(program, io);
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
