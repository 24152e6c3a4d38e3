// Who a bearer token belongs to: the seed's static tokens, or access tokens the LWA endpoint
// issued (kept in the database so they survive a restart, and expiring like LWA's).
import { randomBytes } from 'node:crypto';
import type { Principal } from './hooks.js';
import type { Seed } from './seed.js';
import type { Store } from './store.js';

export class Credentials {
  private readonly staticTokens = new Map<string, Principal>();

  constructor(
    private readonly seed: Seed,
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
  ) {
    for (const org of seed.organizations)
      for (const t of org.tokens) this.staticTokens.set(t, { organizationId: org.id });
  }

  get firstOrganization(): Principal {
    return { organizationId: this.seed.organizations[0]!.id };
  }

  /** The bearer token of an Authorization header, or undefined when there is none. */
  static bearer(header: string | undefined): string | undefined {
    if (!header) return undefined;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1] : header;
  }

  async principal(token: string | undefined): Promise<Principal | undefined> {
    if (token === undefined) return undefined;
    const fixed = this.staticTokens.get(token);
    if (fixed) return fixed;
    const issued = await this.store.token('lwa', token);
    if (issued && issued.expiresAtMs > this.clock()) return { organizationId: issued.subject };
    return undefined;
  }

  /** Issues an access token for a refresh token, as LWA's refresh_token grant does. */
  async refresh(
    clientId: string,
    clientSecret: string,
    refreshToken: string,
  ): Promise<
    | { ok: true; accessToken: string; expiresIn: number }
    | { ok: false; error: 'invalid_client' | 'invalid_grant'; description: string }
  > {
    const client = this.seed.lwa.clients.find((c) => c.clientId === clientId);
    if (!client || client.clientSecret !== clientSecret) {
      return {
        ok: false,
        error: 'invalid_client',
        description: 'Client authentication failed: unknown client_id or wrong client_secret.',
      };
    }
    const grant = this.seed.lwa.refreshTokens.find((r) => r.token === refreshToken && r.clientId === clientId);
    if (!grant) {
      return {
        ok: false,
        error: 'invalid_grant',
        description: 'The refresh token is invalid, expired, or was issued to another client.',
      };
    }
    const accessToken = `Atza|${randomBytes(48).toString('base64url')}`;
    const expiresIn = this.seed.lwa.accessTokenTtlSeconds;
    const now = this.clock();
    await this.store.saveToken(
      'lwa',
      accessToken,
      { subject: grant.organizationId, expiresAtMs: now + expiresIn * 1000 },
      now,
    );
    return { ok: true, accessToken, expiresIn };
  }
}
