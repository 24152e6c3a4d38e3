import type { JsonSchema, OpenApiDocument, OperationInfo, ValidationResult } from '@roomkit/openapi';

export type { OperationInfo, ResponseInfo, ValidationResult } from '@roomkit/openapi';

/** The suite's handle on one bundled spec; built by `openSpec`, faked in unit tests. */
export interface SpecView {
  api: string;
  doc: OpenApiDocument;
  operations: OperationInfo[];
  operation(operationId: string): OperationInfo;
  /** Validates against a schema given as a JSON pointer into the bundled document, or inline. */
  validate(schema: string | JsonSchema, data: unknown): ValidationResult;
}
