// The command line that replays one violation's shrunk case alone (credentials from the environment).
import type { Violation } from '../checks/types.js';
import { ROOMKIT_COMMAND } from './command.js';
import type { VerifyReport } from './types.js';

/** A verify command line that replays one violation's shrunk case alone (credentials from the environment). */
export function replayCommand(report: VerifyReport, violation: Violation, args: readonly string[]): string {
  const quote = (v: string) => (/^[\w.:/@=-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
  const words = [
    `${ROOMKIT_COMMAND} verify`,
    report.api,
    '--base-url',
    quote(report.baseUrl),
    ...args.map(quote),
    ...(report.kind === 'stateless' ? ['--stateless'] : []),
    '--seed',
    String(violation.seed),
    '--checks',
    quote(violation.name),
    ...(violation.path === undefined ? [] : ['--property', quote(violation.property), '--path', quote(violation.path)]),
    ...(violation.replayPath === undefined ? [] : ['--replay-path', quote(violation.replayPath)]),
  ];
  return words.join(' ');
}
