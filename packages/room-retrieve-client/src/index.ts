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
export { RoomRetrieveError, type FailEntry } from './errors.js';
export type { components, operations, paths } from '../generated/room-retrieve.js';
export type { Middleware } from 'openapi-fetch';
