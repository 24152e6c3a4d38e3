import { createSpecValidator, getOperation, listOperations, loadSpec, type ApiName } from '@roomkit/openapi';
import type { SpecView } from './view.js';

export function openSpec(api: ApiName): SpecView {
  const doc = loadSpec(api);
  const validator = createSpecValidator(doc);
  return {
    api,
    doc,
    operations: listOperations(doc),
    operation: (operationId) => getOperation(doc, operationId),
    validate: (schema, data) => validator.validate(schema, data),
  };
}
