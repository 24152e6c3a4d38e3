// Bearer tokens for both clients: a cache in front of whatever issues them (Login with Amazon for
// hospitality, the channel manager's token endpoint for Room Retrieve), and the two steps a
// request needs (put the token on it; after a 401, drop the refused token and say whether a
// re-send can use a different one).

/** Supplies the access token sent as `Authorization: Bearer <token>`. */
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

/** What an issuer answered: the token and how long it lasts. */
export interface IssuedToken {
  token: string;
  expiresInSeconds: number;
}

export interface TokenCacheOptions {
  /** Refresh this long before the token expires, so that no request races its expiry. Default 60. */
  refreshMarginSeconds?: number;
}

/**
 * Caches each token `issue` returns until shortly before it expires: `refreshMarginSeconds`
 * before, but never before half its lifetime, so that a short-lived token is still reused.
 * Concurrent callers share one in-flight `issue`; a failed one is not cached.
 */
export function createCachedTokenProvider(
  issue: () => Promise<IssuedToken>,
  options: TokenCacheOptions = {},
): TokenProvider & { refresh(): Promise<string> } {
  const marginMs = (options.refreshMarginSeconds ?? 60) * 1000;
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const { token, expiresInSeconds } = await issue();
    const lifetimeMs = expiresInSeconds * 1000;
    cached = { token, refreshAt: Date.now() + Math.max(lifetimeMs - marginMs, lifetimeMs / 2) };
    return token;
  }

  function refresh(): Promise<string> {
    inFlight ??= fetchToken().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  const current = () => (cached && Date.now() < cached.refreshAt ? cached.token : undefined);
  return {
    refresh,
    currentToken: current,
    getToken() {
      const token = current();
      return token === undefined ? refresh() : Promise.resolve(token);
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

/** A provider that always hands out the same token (it cannot get any fresher). */
export function staticTokenProvider(token: string): TokenProvider {
  const resolved = Promise.resolve(token);
  return { getToken: () => resolved, currentToken: () => token };
}

function bearer(token: string): string {
  return `Bearer ${token}`;
}

/** The credential steps of one request, on `Authorization: Bearer <token>`. */
export function bearerAuth(provider: TokenProvider) {
  return {
    /** Puts the token on the request; returns a promise only when it has to wait for one. */
    authorize(request: Request): Promise<void> | undefined {
      const current = provider.currentToken?.();
      if (current !== undefined) {
        request.headers.set('Authorization', bearer(current));
        return undefined;
      }
      return provider.getToken().then((token) => {
        request.headers.set('Authorization', bearer(token));
      });
    },
    /** After a 401: drop the refused token; re-send only if the provider now has a different one. */
    async refreshAfterUnauthorized(refused: Request): Promise<boolean> {
      if (!provider.invalidate) return false;
      const refusedHeader = refused.headers.get('Authorization') ?? '';
      provider.invalidate(refusedHeader.replace(/^Bearer /, ''));
      return bearer(await provider.getToken()) !== refusedHeader;
    },
  };
}
