import type { Command } from 'commander';
import { coverageOf } from '../conformance.js';
import { formatHtml } from '../report/html.js';
import type { VerifyReport } from '../report/types.js';
import { UsageError } from '../suite.js';
import { EXIT, writeFileSafely, type CliIo } from './options.js';
import { readReport } from './report-file.js';

/** What the page needs beyond what replay reads: a report cut short or hand-edited is named, not half-rendered. */
function assertRenderable(report: VerifyReport, file: string): void {
  const missing = [
    ...(Array.isArray(report.properties) ? [] : ['properties']),
    ...(typeof report.result === 'string' ? [] : ['result']),
    ...(typeof report.limits === 'object' && report.limits !== null ? [] : ['limits']),
    ...(Array.isArray(report.cleanup?.leftovers) &&
    Array.isArray(report.cleanup?.kept) &&
    Array.isArray(report.cleanup?.unaccounted)
      ? []
      : ['cleanup']),
  ];
  if (missing.length > 0)
    throw new UsageError(
      `${file}: the report has no ${missing.join(', ')}: write it again with \`roomkit verify … --json ${file}\` (or give --html to verify).`,
    );
}

/** `roomkit report <report.json> --html <file>`: renders an existing JSON report as the HTML page verify --html writes. */
export function reportCommand(program: Command, io: CliIo): void {
  program
    .command('report')
    .description('Render a JSON report written by verify --json (or replay --json) as another format.')
    .argument('<report>', 'a JSON report written by verify --json')
    .requiredOption('--html <file>', 'write the HTML report: one self-contained page')
    .action(async (file: string, options: { html: string }) => {
      const report = await readReport(file);
      assertRenderable(report, file);
      await writeFileSafely('--html', options.html, formatHtml(report, coverageOf(report), { reportFile: file }));
      io.out(`wrote ${options.html} (${report.api} against ${report.baseUrl}: ${report.result})\n`);
      io.setExitCode(EXIT.conforms);
    });
}
