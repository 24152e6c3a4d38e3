// The Room Retrieve vendor's token endpoint (the spec's x-roomkit-token-endpoint, on its bearer
// scheme): a seeded app's client-id with the client-secret of one environment gets an access token
// with that environment's prefix and a lifetime in `expire_in` (a string), valid with the app's
// app-id until it expires on the sandbox's clock. Tokens live in the store, so every replica of a
// shared sandbox honours them and they survive a restart.
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { objectAt } from '@roomkit/http-runtime';
import { tokenEndpoint, type OpenApiDocument, type SpecValidator, type TokenEndpoint } from '@roomkit/openapi';
import type { Outgoing } from './hooks.js';
import { headerValue } from './http-io.js';
import type { Seed } from './seed.js';
import type { Store } from './store.js';

/** Milliseconds since the epoch; tests pass their own to expire tokens without waiting. */
export type Clock = () => number;

interface Client {
  appId: string;
  /** Secret per environment name of the spec's tokenPrefixes. */
  secrets: Record<string, string>;
}

/** What the router and handler need of a token endpoint: where it is, and its answer to a request. */
export interface AccessTokenIssuer {
  readonly endpoint: TokenEndpoint;
  answer(headers: IncomingHttpHeaders): Promise<{ out: Outgoing; problems: string[] }>;
}

export class RoomRetrieveTokens implements AccessTokenIssuer {
  readonly endpoint: TokenEndpoint;
  private readonly clients = new Map<string, Client>();
  private readonly ttlSeconds: number;

  constructor(
    doc: OpenApiDocument,
    private readonly validator: SpecValidator,
    seed: Seed,
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    const endpoint = tokenEndpoint(doc);
    if (!endpoint) throw new Error('The Room Retrieve spec describes no token endpoint (x-roomkit-token-endpoint).');
    this.endpoint = endpoint;
    this.ttlSeconds = seed.roomRetrieve.tokenTtlSeconds;
    seed.roomRetrieve.apps.forEach((app, i) => {
      if (!app.tokenClient) return;
      for (const environment of Object.keys(app.tokenClient.secrets)) {
        if (endpoint.tokenPrefixes[environment] === undefined)
          throw new Error(
            `Seed roomRetrieve.apps[${i}].tokenClient.secrets.${environment}: unknown environment; the spec's token prefixes name ${Object.keys(endpoint.tokenPrefixes).join(', ')}.`,
          );
      }
      this.clients.set(app.tokenClient.clientId, { appId: app.appId, secrets: app.tokenClient.secrets });
    });
  }

  /** Whether a token has the form of one this endpoint issues (an environment's prefix): only those are looked up. */
  issues(token: string): boolean {
    return Object.values(this.endpoint.tokenPrefixes).some((prefix) => token.startsWith(prefix));
  }

  /** The app a token was issued to, while it has not expired. */
  async appOf(token: string): Promise<string | undefined> {
    const found = await this.store.token('room-retrieve', token);
    return found !== undefined && this.clock() < found.expiresAtMs ? found.subject : undefined;
  }

  /** The answer to one token request, and whatever in it does not conform to the spec (should be nothing). */
  async answer(headers: IncomingHttpHeaders): Promise<{ out: Outgoing; problems: string[] }> {
    const { endpoint } = this;
    const clientId = headerValue(headers, endpoint.headers.clientId);
    const secret = headerValue(headers, endpoint.headers.clientSecret);
    const client = clientId === undefined ? undefined : this.clients.get(clientId);
    const environment = client && Object.keys(client.secrets).find((env) => client.secrets[env] === secret);
    let out: Outgoing;
    let schema: string;
    if (!clientId || !secret || client === undefined || environment === undefined) {
      schema = endpoint.failure.schemaPointer;
      out = {
        status: endpoint.failure.status,
        headers: { 'Cache-Control': 'no-store' },
        body: {
          success: false,
          message:
            !clientId || !secret
              ? `The ${endpoint.headers.clientId} and ${endpoint.headers.clientSecret} headers are required.`
              : `Invalid ${endpoint.headers.clientId} or ${endpoint.headers.clientSecret}.`,
        },
      };
    } else {
      schema = endpoint.success.schemaPointer;
      const token = `${endpoint.tokenPrefixes[environment]}${randomBytes(48).toString('base64url')}`;
      const now = this.clock();
      // Expired tokens are removed as new ones are saved, so a loop asking for tokens leaves
      // at most an hour's worth (the lifetime) behind.
      await this.store.saveToken(
        'room-retrieve',
        token,
        { subject: client.appId, expiresAtMs: now + this.ttlSeconds * 1000 },
        now,
      );
      // In the order of the vendor's sample: success, data (token_type, token, expire_in), message.
      const body: Record<string, unknown> = { success: true };
      const { token: tokenPath, expiresIn } = endpoint.success;
      objectAt(body, tokenPath.slice(0, -1)).token_type = 'Bearer';
      objectAt(body, tokenPath.slice(0, -1))[tokenPath.at(-1)!] = token;
      objectAt(body, expiresIn.slice(0, -1))[expiresIn.at(-1)!] = String(this.ttlSeconds);
      body.message = 'Access Token generated successfully';
      out = { status: endpoint.success.status, headers: { 'Cache-Control': 'no-store' }, body };
    }
    const problems = this.validator
      .validate(schema, out.body)
      .errors.map((e) => `token endpoint ${out.status}: ${e.path || '/'} ${e.message}`);
    return { out, problems };
  }
}
