export {
  authorizationHeader,
  createRoomRetrieveClient,
  type CallOptions,
  type FailEnvelope,
  type RetrieveRoomsRequest,
  type RetrieveRoomsSuccess,
  type RoomRetrieveAuthorization,
  type RoomRetrieveClient,
  type RoomRetrieveClientOptions,
  type Unit,
} from './client.js';
export {
  authorizingFetch,
  createRoomRetrieveTokenProvider,
  type AccessTokenSuccess,
  type RoomRetrieveTokenCredentials,
} from './auth.js';
export { RoomRetrieveError, RoomRetrieveTokenError, type FailEntry } from './errors.js';
export { createCachedTokenProvider, type IssuedToken, type TokenProvider } from '@roomkit/http-runtime';
export { tokenEndpoint } from '../generated/room-retrieve-spec.js';
export type { components, operations, paths } from '../generated/room-retrieve.js';
export type { Middleware } from 'openapi-fetch';
