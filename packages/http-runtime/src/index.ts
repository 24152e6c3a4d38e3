export { LightRequest, sendWith } from './light-request.js';
export { backoffDelayMs, RETRY_AFTER, retryAfterMs, retryAfterValue, type ThrottlingPolicy } from './throttling.js';
export { objectAt, readPath } from './path.js';
export {
  bearerAuth,
  createCachedTokenProvider,
  staticTokenProvider,
  type IssuedToken,
  type TokenCacheOptions,
  type TokenProvider,
} from './token-provider.js';
export {
  answerProblems,
  bodySchemaIssues,
  contentTypeProblem,
  headerNamed,
  headerProblems,
  mediaTypeMatches,
  type Answer,
  type DocumentedHeader,
  type DocumentedResponse,
  type HeaderProblem,
  type SchemaIssue,
  type SchemaValidator,
} from './conformance.js';
