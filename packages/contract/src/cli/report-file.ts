import { readFile } from 'node:fs/promises';
import { isApiName } from '@roomkit/openapi';
import type { VerifyReport } from '../report/types.js';
import { UsageError } from '../suite.js';

/** A JSON report written by `verify --json`, read back (for replay and report). */
export async function readReport(file: string): Promise<VerifyReport> {
  let report: Partial<VerifyReport>;
  try {
    report = JSON.parse(await readFile(file, 'utf8')) as Partial<VerifyReport>;
  } catch (error) {
    throw new UsageError(
      `${file}: cannot read it as a JSON report (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  if (
    typeof report.api !== 'string' ||
    !isApiName(report.api) ||
    !Array.isArray(report.violations) ||
    typeof report.baseUrl !== 'string'
  ) {
    throw new UsageError(
      `${file}: not a roomkit verify JSON report (it needs api, baseUrl and violations; write one with --json).`,
    );
  }
  return report as VerifyReport;
}
