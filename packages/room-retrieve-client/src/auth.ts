// The vendor's token-based scheme: access tokens from its token endpoint (the spec's
// x-roomkit-token-endpoint, read at build time into generated/room-retrieve-spec.ts), cached until
// shortly before they expire, shared by concurrent calls, and refreshed once after a 401.
import type { components } from '../generated/room-retrieve.js';
import { tokenEndpoint } from '../generated/room-retrieve-spec.js';
import { bearerAuth, createCachedTokenProvider, readPath, type TokenProvider } from '@roomkit/http-runtime';
import { RoomRetrieveTokenError } from './errors.js';

export type AccessTokenSuccess = components['schemas']['AccessTokenSuccess'];

export interface RoomRetrieveTokenCredentials {
  /** `client-id`: base64 of your domain, the same for the vendor's sandbox and production. */
  clientId: string;
  /** `client-secret`, generated in the extranet; the sandbox and production ones differ. */
  clientSecret: string;
  /** Defaults to the token endpoint on the client's `baseUrl` (`<baseUrl>/auth/generate-access-token`). */
  tokenUrl?: string;
  /** Refresh this long before the token expires (never before half its lifetime). Default 60. */
  refreshMarginSeconds?: number;
  /** Defaults to the client's `fetch`, else the global one. */
  fetch?: typeof fetch;
}

/** `expire_in` as the vendor sends it (a decimal string such as "3600"), or a JSON number. */
function lifetimeSeconds(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  return typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : undefined;
}

/**
 * Fetches access tokens from the vendor's token endpoint (`client-id` and `client-secret`
 * headers) and caches each until shortly before `expire_in` runs out. Concurrent callers share one
 * in-flight request; a refused or unreadable answer throws RoomRetrieveTokenError and is not cached.
 */
export function createRoomRetrieveTokenProvider(
  credentials: RoomRetrieveTokenCredentials & { baseUrl?: string },
): TokenProvider & { refresh(): Promise<string> } {
  if (!credentials.clientId || !credentials.clientSecret)
    throw new TypeError('createRoomRetrieveTokenProvider: `clientId` and `clientSecret` are both required');
  const tokenUrl = credentials.tokenUrl ?? `${(credentials.baseUrl ?? '').replace(/\/+$/, '')}${tokenEndpoint.path}`;
  if (!/^https?:\/\//.test(tokenUrl))
    throw new TypeError(
      `createRoomRetrieveTokenProvider: give \`tokenUrl\` or the client's \`baseUrl\` (got token URL "${tokenUrl}")`,
    );
  const doFetch = credentials.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return createCachedTokenProvider(
    async () => {
      const response = await doFetch(tokenUrl, {
        method: tokenEndpoint.method,
        headers: {
          [tokenEndpoint.headers.clientId]: credentials.clientId,
          [tokenEndpoint.headers.clientSecret]: credentials.clientSecret,
          Accept: 'application/json',
        },
      });
      const body: unknown = await response.json().catch(() => undefined);
      const token = readPath(body, tokenEndpoint.token);
      const message = readPath(body, ['message']);
      const serverMessage = typeof message === 'string' ? message : undefined;
      if (!response.ok || typeof token !== 'string' || token === '') {
        throw new RoomRetrieveTokenError(response.status, tokenUrl, serverMessage ?? 'no token in the answer', body);
      }
      const expiresInSeconds = lifetimeSeconds(readPath(body, tokenEndpoint.expiresIn));
      if (expiresInSeconds === undefined) {
        throw new RoomRetrieveTokenError(
          response.status,
          tokenUrl,
          `${tokenEndpoint.expiresIn.join('.')} is not a number of seconds (${JSON.stringify(readPath(body, tokenEndpoint.expiresIn))})`,
          body,
        );
      }
      return { token, expiresInSeconds };
    },
    credentials.refreshMarginSeconds === undefined ? {} : { refreshMarginSeconds: credentials.refreshMarginSeconds },
  );
}

/**
 * A fetch that puts the provider's token on every request and, after a 401, re-sends the
 * request once if the provider has a different token by then (a static one never does).
 */
export function authorizingFetch(
  send: (request: Request) => Promise<Response>,
  provider: TokenProvider,
): (request: Request) => Promise<Response> {
  const auth = bearerAuth(provider);
  // Sending consumes a stream body: keep the request unread so that the re-send has it too.
  // openapi-fetch's JSON (a string in a LightRequest) can simply be sent again.
  const sendable = (request: Request): Request =>
    request.body === null || typeof request.body === 'string' ? request : request.clone();
  const sendAuthorized = async (request: Request): Promise<Response> => {
    await auth.authorize(request);
    return send(request);
  };
  return async (request) => {
    const first = sendable(request);
    const response = await sendAuthorized(first);
    if (response.status !== 401 || !(await auth.refreshAfterUnauthorized(first))) return response;
    await response.body?.cancel().catch(() => undefined);
    return sendAuthorized(sendable(request));
  };
}
