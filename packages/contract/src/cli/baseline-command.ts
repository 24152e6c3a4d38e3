import type { Command } from 'commander';
import { baselineOf, formatBaseline } from '../report/baseline.js';
import { describeEntry } from '../report/baseline-text.js';
import { EXIT, writeFileSafely, type CliIo } from './options.js';
import { readReport } from './report-file.js';

export const DEFAULT_BASELINE_FILE = 'roomkit-baseline.json';

/** `roomkit baseline <report.json>`: the report's violations as a baseline of known ones, for `verify --baseline`. */
export function baselineCommand(program: Command, io: CliIo): void {
  program
    .command('baseline')
    .description(
      "Write a baseline of a JSON report's violations: verify --baseline <file> then fails only on violations not in it.",
    )
    .argument('<report>', 'a JSON report written by verify --json')
    .option('--output <file>', 'where to write the baseline', DEFAULT_BASELINE_FILE)
    .action(async (file: string, options: { output: string }) => {
      const baseline = baselineOf(await readReport(file));
      await writeFileSafely('--output', options.output, formatBaseline(baseline));
      io.out(
        [
          `wrote ${options.output}: ${baseline.entries.length} known violation(s) of ${baseline.api} from run ${baseline.from.runId}`,
          ...baseline.entries.map((e) => `  ${describeEntry(e)}`),
          `use it with: roomkit verify … --baseline ${options.output}`,
          '',
        ].join('\n'),
      );
      io.setExitCode(EXIT.conforms);
    });
}
