import { lwaTokenUrl } from '../generated/hospitality-spec.js';
import { LwaTokenError } from './errors.js';
import { createCachedTokenProvider, staticTokenProvider, type TokenProvider } from '@roomkit/http-runtime';

export type { TokenProvider } from '@roomkit/http-runtime';

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

/**
 * Exchanges an LWA refresh token for access tokens (`grant_type=refresh_token`), caching
 * each until shortly before it expires. Concurrent callers share one in-flight refresh.
 */
export function createLwaTokenProvider(
  credentials: LwaRefreshTokenCredentials,
): TokenProvider & { refresh(): Promise<string> } {
  const tokenUrl = credentials.tokenUrl ?? lwaTokenUrl;
  const doFetch = credentials.fetch ?? globalThis.fetch;
  // LWA may rotate the refresh token; keep the newest one it sent.
  let refreshToken = credentials.refreshToken;

  return createCachedTokenProvider(
    async () => {
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
      return {
        token: body.access_token,
        expiresInSeconds: typeof body.expires_in === 'number' ? body.expires_in : 3600,
      };
    },
    credentials.refreshMarginSeconds === undefined ? {} : { refreshMarginSeconds: credentials.refreshMarginSeconds },
  );
}

export function toTokenProvider(auth: AuthOption): TokenProvider {
  if (typeof auth === 'string') return staticTokenProvider(auth);
  if ('getToken' in auth) return auth;
  return createLwaTokenProvider(auth);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
