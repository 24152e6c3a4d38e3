// Statuses the code compares answers with, read from the spec (never written as numbers: the
// lint bans numeric status literals in src/).
import { rulesOfKind, type OpenApiDocument, type OperationInfo } from '@roomkit/openapi';

/** The status a deleted or unknown item answers (the spec's gone-after-delete rule), if it has one. */
export function goneStatus(doc: OpenApiDocument): number | undefined {
  return rulesOfKind(doc, 'gone-after-delete')[0]?.status;
}

/** Whether a status is a success (2xx) the operation documents. */
export function isDocumentedSuccess(operation: OperationInfo, status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300 && operation.responses[String(status)] !== undefined;
}
