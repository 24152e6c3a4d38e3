import type { Command } from 'commander';
import { diffRuns, type BaselineEntry } from '../report/baseline.js';
import { describeEntry } from '../report/baseline-text.js';
import { UsageError } from '../suite.js';
import { EXIT, type CliIo } from './options.js';
import { readReport } from './report-file.js';

/** `roomkit diff <old.json> <new.json>`: what changed between two runs, by the baseline's stable key. */
export function diffCommand(program: Command, io: CliIo): void {
  program
    .command('diff')
    .description(
      'Print the violations that appeared, disappeared and stayed between two JSON reports (exit 1 when one appeared).',
    )
    .argument('<old>', 'the earlier JSON report (verify --json)')
    .argument('<new>', 'the later JSON report')
    .action(async (before: string, after: string) => {
      const [a, b] = [await readReport(before), await readReport(after)];
      if (a.api !== b.api)
        throw new UsageError(`${before} is a run of ${a.api} and ${after} one of ${b.api}: nothing to compare.`);
      const { appeared, disappeared, still } = diffRuns(a, b);
      const section = (title: string, entries: BaselineEntry[]) =>
        entries.length === 0 ? [] : [title, ...entries.map((e) => `  ${describeEntry(e)}`)];
      io.out(
        [
          `roomkit diff ${a.api}: run ${a.runId} (${a.result}) -> run ${b.runId} (${b.result})`,
          ...section(`new (${appeared.length}):`, appeared),
          ...section(`fixed (${disappeared.length}):`, disappeared),
          ...section(`still there (${still.length}):`, still),
          `${appeared.length} new, ${disappeared.length} fixed, ${still.length} still there`,
          '',
        ].join('\n'),
      );
      io.setExitCode(appeared.length > 0 ? EXIT.violations : EXIT.conforms);
    });
}
