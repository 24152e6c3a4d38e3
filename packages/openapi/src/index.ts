export {
  apiNames,
  bundledSpecPath,
  deref,
  isApiName,
  loadSpec,
  pointerSegment,
  resolvePointer,
  type ApiName,
  type JsonSchema,
  type OpenApiDocument,
} from './document.js';
export {
  documentedResponse,
  getOperation,
  listOperations,
  type HeaderInfo,
  type HttpMethod,
  type OperationInfo,
  type ParameterInfo,
  type RequestBodyInfo,
  type ResponseInfo,
} from './operations.js';
export {
  createSpecValidator,
  type ParameterInput,
  type SchemaError,
  type SpecValidator,
  type ValidationResult,
} from './validator.js';
export {
  decisions,
  nextTokenOf,
  paginationOf,
  resourceOf,
  resources,
  rules,
  rulesOfKind,
  throttling,
  type CrudAction,
  type Decision,
  type PaginationInfo,
  type ResourceInfo,
  type Rule,
  type ThrottlingInfo,
} from './extensions.js';
export { checkObjectRules, checkUnitRules, type RuleViolation } from './unit-rules.js';
