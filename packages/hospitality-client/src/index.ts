export { createHospitalityClient } from './client.js';
export type {
  CallOptions,
  Created,
  CreateBody,
  Done,
  HospitalityClient,
  HospitalityClientOptions,
  ListItem,
  ListPage,
  ListQuery,
  OperationId,
  Region,
  Resource,
  ResourceClient,
  ResourceName,
  UpdateBody,
} from './client.js';
export {
  createLwaTokenProvider,
  type AuthOption,
  type LwaRefreshTokenCredentials,
  type TokenProvider,
} from './auth.js';
export { HospitalityApiError, LwaTokenError, PaginationLoopError } from './errors.js';
export type { Paginated } from './paginate.js';
export type { RetryOptions } from './retry.js';
export { backoffDelayMs, type ThrottlingPolicy } from '@roomkit/http-runtime';
export { servers, throttling } from '../generated/hospitality-spec.js';
export type { components, operations, paths } from '../generated/hospitality.js';
export type { Middleware } from 'openapi-fetch';
