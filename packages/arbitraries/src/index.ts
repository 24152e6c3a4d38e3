export { validFor } from './valid.js';
export { invalidFor, violationsOf } from './invalid.js';
export { numberEdges } from './numbers.js';
export type { NumberEdge } from './numbers.js';
export type { Invalid } from './violation.js';
export { invalidRequest, requestViolations, validRequest } from './operation.js';
export type { InvalidRequest, RequestOptions, RequestValues, RequestViolation } from './operation.js';
export { SUPPORTED_FORMATS } from './strings.js';
export type { ArbitraryOptions, JsonSchema, JsonType, Overrides, SchemaObject } from './schema.js';
