import { lwaTokenUrl } from '../generated/hospitality-spec.js';
import { LwaTokenError } from './errors.js';

/** Supplies the LWA access token sent as `Authorization: Bearer <token>`. */
export interface TokenProvider {
  getToken(): Promise<string>;
  /** A token that is good now, if the provider has one at hand: lets a call skip waiting on getToken(). */
  currentToken?(): string | undefined;
  /**
   * Called with the token a request was refused with (HTTP 401). A provider that can
   * fetch a new token drops its cached one; the request is then re-sent once.
   */
  invalidate?(token: string): void;
}

export interface LwaRefreshTokenCredentials {
  clientId: string;
  clientSecret: string;
  /** The long-lived refresh token (starts with `Atzr|`) from the one-time authorization-code grant. */
  refreshToken: string;
  /** Defaults to Login with Amazon's token endpoint, as the spec's `lwa` security scheme names it. */
  tokenUrl?: string;
  /** Refresh this long before the access token expires, so that no request races its expiry. Default 60. */
  refreshMarginSeconds?: number;
  fetch?: typeof fetch;
}

/** What createHospitalityClient accepts as `auth`. */
export type AuthOption = string | TokenProvider | LwaRefreshTokenCredentials;

interface CachedToken {
  token: string;
  refreshAt: number;
}

/**
 * Exchanges an LWA refresh token for access tokens (`grant_type=refresh_token`), caching
 * each until shortly before it expires. Concurrent callers share one in-flight refresh.
 */
export function createLwaTokenProvider(
  credentials: LwaRefreshTokenCredentials,
): TokenProvider & { refresh(): Promise<string> } {
  const tokenUrl = credentials.tokenUrl ?? lwaTokenUrl;
  const marginMs = (credentials.refreshMarginSeconds ?? 60) * 1000;
  const doFetch = credentials.fetch ?? globalThis.fetch;
  // LWA may rotate the refresh token; keep the newest one it sent.
  let refreshToken = credentials.refreshToken;
  let cached: CachedToken | undefined;
  let inFlight: Promise<string> | undefined;

  async function exchange(): Promise<string> {
    const response = await doFetch(tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        refresh_token: refreshToken,
      }),
    });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok || typeof body.access_token !== 'string') {
      throw new LwaTokenError(
        response.status,
        stringOrUndefined(body.error),
        stringOrUndefined(body.error_description),
        tokenUrl,
      );
    }
    if (typeof body.refresh_token === 'string') refreshToken = body.refresh_token;
    const expiresInMs = (typeof body.expires_in === 'number' ? body.expires_in : 3600) * 1000;
    cached = { token: body.access_token, refreshAt: Date.now() + Math.max(0, expiresInMs - marginMs) };
    return body.access_token;
  }

  function refresh(): Promise<string> {
    inFlight ??= exchange().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    refresh,
    currentToken() {
      return cached && Date.now() < cached.refreshAt ? cached.token : undefined;
    },
    getToken() {
      if (cached && Date.now() < cached.refreshAt) return Promise.resolve(cached.token);
      return refresh();
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

export function toTokenProvider(auth: AuthOption): TokenProvider {
  if (typeof auth === 'string') {
    const token = Promise.resolve(auth);
    return { getToken: () => token, currentToken: () => auth };
  }
  if ('getToken' in auth) return auth;
  return createLwaTokenProvider(auth);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
