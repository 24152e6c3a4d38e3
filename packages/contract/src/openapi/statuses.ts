// Statuses the code compares answers with, read from the spec (never written as numbers: the
// lint bans numeric status literals in src/).
import type { OperationInfo } from '@roomkit/openapi';

/** Whether a status is a success (2xx) the operation documents. */
export function isDocumentedSuccess(operation: OperationInfo, status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300 && operation.responses[String(status)] !== undefined;
}
