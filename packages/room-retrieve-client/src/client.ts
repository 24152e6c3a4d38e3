import createClient, { type Client, type Middleware } from 'openapi-fetch';
import { LightRequest, sendWith, type TokenProvider } from '@roomkit/http-runtime';
import type { components, paths } from '../generated/room-retrieve.js';
import { appIdHeader, defaultServer } from '../generated/room-retrieve-spec.js';
import { authorizingFetch, createRoomRetrieveTokenProvider, type RoomRetrieveTokenCredentials } from './auth.js';
import { RoomRetrieveError } from './errors.js';

type Schemas = components['schemas'];
export type Unit = Schemas['Unit'];
export type RetrieveRoomsRequest = Schemas['RetrieveRoomsRequest'];
export type RetrieveRoomsSuccess = Schemas['RetrieveRoomsSuccess'];
export type FailEnvelope = Schemas['FailEnvelope'];

/**
 * `Authorization` as sent (e.g. `Basic dXNlcjpwYXNz`), the credentials to build it from, or, for
 * the token-based scheme, a TokenProvider or the client credentials to fetch tokens with.
 */
export type RoomRetrieveAuthorization =
  | string
  | { username: string; password: string }
  | { bearerToken: string }
  | TokenProvider
  | RoomRetrieveTokenCredentials;

export interface RoomRetrieveClientOptions {
  /** The application ID issued by the channel manager, sent as the `app-id` header. */
  appId: string;
  authorization: RoomRetrieveAuthorization;
  /** Defaults to the spec's server (the vendor's sandbox). */
  baseUrl?: string;
  middleware?: Middleware[];
  /** Replaces the global fetch, e.g. to add an agent; called as `fetch(url, init)`. */
  fetch?: typeof fetch;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface RoomRetrieveClient {
  /** The hotel's units (`Data` of the Success envelope). A Fail envelope throws RoomRetrieveError. */
  retrieveRooms(request: RetrieveRoomsRequest, options?: CallOptions): Promise<Unit[]>;
  /** The whole Success envelope, for its `Ruid` and `Message`. */
  retrieveRoomsEnvelope(request: RetrieveRoomsRequest, options?: CallOptions): Promise<RetrieveRoomsSuccess>;
  /** The typed openapi-fetch client underneath, with the same credentials and middleware. */
  readonly raw: Client<paths>;
}

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

type StaticAuthorization = Exclude<RoomRetrieveAuthorization, TokenProvider | RoomRetrieveTokenCredentials>;

function isStatic(authorization: RoomRetrieveAuthorization): authorization is StaticAuthorization {
  return typeof authorization === 'string' || 'bearerToken' in authorization || 'username' in authorization;
}

/** The header value of a fixed credential (a token provider's changes, so it has none). */
export function authorizationHeader(authorization: StaticAuthorization): string {
  if (typeof authorization === 'string') return authorization;
  if ('bearerToken' in authorization) return `Bearer ${authorization.bearerToken}`;
  return `Basic ${base64(`${authorization.username}:${authorization.password}`)}`;
}

function isFailEnvelope(body: unknown): body is FailEnvelope {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { Status?: unknown }).Status === ('Fail' satisfies FailEnvelope['Status'])
  );
}

export function createRoomRetrieveClient(options: RoomRetrieveClientOptions): RoomRetrieveClient {
  if (!options.appId)
    throw new TypeError('createRoomRetrieveClient: `appId` (the channel manager application ID) is required');
  const baseUrl = options.baseUrl ?? defaultServer;
  const { authorization } = options;
  const userFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const send = sendWith(userFetch) as (request: Request) => Promise<Response>;
  // A fixed credential is a default header; tokens are put on each send, which can re-send after a 401.
  const fixed = isStatic(authorization) ? authorizationHeader(authorization) : undefined;
  const provider: TokenProvider | undefined = isStatic(authorization)
    ? undefined
    : 'getToken' in authorization
      ? authorization
      : createRoomRetrieveTokenProvider({ baseUrl, fetch: userFetch, ...authorization });
  const raw = createClient<paths>({
    baseUrl,
    headers: { [appIdHeader]: options.appId, ...(fixed === undefined ? {} : { Authorization: fixed }) },
    Request: LightRequest as unknown as typeof Request,
    fetch: provider === undefined ? send : authorizingFetch(send, provider),
  });
  if (options.middleware?.length) raw.use(...options.middleware);

  async function retrieveRoomsEnvelope(
    request: RetrieveRoomsRequest,
    callOptions?: CallOptions,
  ): Promise<RetrieveRoomsSuccess> {
    const { data, error, response } = await raw.POST('/bdc/room/retrieve', {
      body: request,
      ...(callOptions?.signal ? { signal: callOptions.signal } : {}),
    });
    // The vendor's envelope, not the HTTP status, says whether the call failed.
    const body: unknown = data ?? error;
    if (!response.ok || isFailEnvelope(body) || body === undefined) {
      throw new RoomRetrieveError(response.status, isFailEnvelope(body) ? body : undefined, body);
    }
    return body as RetrieveRoomsSuccess;
  }

  return {
    raw,
    retrieveRoomsEnvelope,
    async retrieveRooms(request, callOptions) {
      return (await retrieveRoomsEnvelope(request, callOptions)).Data;
    },
  };
}
