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
  requestBodyPolicy,
  resources,
  rules,
  ruleOf,
  rulesOfKind,
  throttling,
  tolerances,
  type CrudAction,
  type BodyAnswer,
  type Decision,
  type PaginationInfo,
  type RequestBodyPolicy,
  type RequestIdRule,
  type IdentifiesTogetherRule,
  type ResourceInfo,
  type Rule,
  type PaginationAspect,
  type ThrottlingInfo,
  type Tolerance,
} from './extensions.js';
export { objectLevelKinds, ruleKinds, validateRuleEntry } from './rule-schema.js';
export { tokenEndpoint, type TokenEndpoint } from './token-endpoint.js';
export { checkObjectRules, checkRulesIn, checkUnitRules, subjectsIn, type RuleViolation } from './unit-rules.js';
export { isObjectRule, OBJECT_RULE_KINDS, type ObjectRule } from './kinds/index.js';
export type { ObjectRuleKind } from './kinds/object-kind.js';
export {
  headersOnEveryResponse,
  securitySchemes,
  serversByRegion,
  tokenUrls,
  type SecurityScheme,
} from './security.js';
export {
  alreadyUsed,
  asSentence,
  clashPlace,
  describeSchemaError,
  describeSchemaErrors,
  nounOf,
  seedFlagMisused,
  stillHasChildren,
  wholeNumberExpected,
  withArticle,
  type Noun,
  type SchemaErrorLike,
} from './messages.js';
export { commaSeparated } from './flags.js';
export {
  protocolRuleKinds,
  type BodySizeLimitRule,
  type ContentTypeRequiredRule,
  type LoneSurrogateRule,
  type MalformedBodyRule,
  type ProtocolRule,
  type UndocumentedMethodRule,
  type UndocumentedPathRule,
} from './protocol-rules.js';
