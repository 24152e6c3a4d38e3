// The seed file: organizations and their tokens, the LWA security profile, Room Retrieve apps.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SeedOrganization {
  id: string;
  name: string;
  tokens: string[];
}

export interface Seed {
  organizations: SeedOrganization[];
  lwa: {
    accessTokenTtlSeconds: number;
    clients: { clientId: string; clientSecret: string }[];
    refreshTokens: { token: string; clientId: string; organizationId: string }[];
  };
  roomRetrieve: {
    /** Lifetime of the access tokens the token endpoint issues (its `expire_in`). Default 3600. */
    tokenTtlSeconds: number;
    apps: {
      appId: string;
      basic?: { username: string; password: string };
      bearerTokens?: string[];
      /** Client credentials for the token endpoint: one client-id, a secret per environment (sandbox, production). */
      tokenClient?: { clientId: string; secrets: Record<string, string> };
    }[];
  };
}

export const defaultSeedPath = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'seed.default.json');

class SeedError extends Error {
  constructor(file: string, where: string, what: string) {
    super(`Seed file ${file}: ${where} ${what}. See ${defaultSeedPath} for the expected shape.`);
    this.name = 'SeedError';
  }
}

function strings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.length > 0);
}

/** Reads and checks a seed; validUnitId checks organization ids against the spec's UnitId schema. */
export function loadSeed(file: string, validUnitId: (id: string) => boolean): Seed {
  let seed: Seed;
  try {
    seed = JSON.parse(readFileSync(file, 'utf8')) as Seed;
  } catch (e) {
    throw new Error(`Seed file ${file} cannot be read as JSON: ${(e as Error).message}`, { cause: e });
  }
  const fail = (where: string, what: string): never => {
    throw new SeedError(file, where, what);
  };
  if (!Array.isArray(seed.organizations) || seed.organizations.length === 0)
    fail('organizations', 'must list at least one organization');
  const tokens = new Set<string>();
  seed.organizations.forEach((org, i) => {
    if (typeof org.id !== 'string' || !validUnitId(org.id))
      fail(`organizations[${i}].id`, `(${JSON.stringify(org.id)}) must be a unit id like amzn1.alexa.unit.did.ABC123`);
    if (typeof org.name !== 'string') fail(`organizations[${i}].name`, 'must be a string');
    if (!strings(org.tokens)) fail(`organizations[${i}].tokens`, 'must be an array of non-empty strings');
    for (const t of org.tokens) {
      if (tokens.has(t)) fail(`organizations[${i}].tokens`, `repeats token "${t}" of another organization`);
      tokens.add(t);
    }
  });
  const orgIds = new Set(seed.organizations.map((o) => o.id));
  const lwa = seed.lwa ?? { accessTokenTtlSeconds: 3600, clients: [], refreshTokens: [] };
  if (!(Number.isInteger(lwa.accessTokenTtlSeconds) && lwa.accessTokenTtlSeconds > 0))
    fail('lwa.accessTokenTtlSeconds', 'must be a positive integer');
  if (!Array.isArray(lwa.clients) || !Array.isArray(lwa.refreshTokens))
    fail('lwa', 'needs clients and refreshTokens arrays');
  lwa.refreshTokens.forEach((r, i) => {
    if (!orgIds.has(r.organizationId))
      fail(`lwa.refreshTokens[${i}].organizationId`, `("${r.organizationId}") is not one of the seed's organizations`);
    if (!lwa.clients.some((c) => c.clientId === r.clientId))
      fail(`lwa.refreshTokens[${i}].clientId`, `("${r.clientId}") is not one of lwa.clients`);
  });
  // Seeds written before token-based authentication have no tokenTtlSeconds.
  const given: Partial<Seed['roomRetrieve']> = seed.roomRetrieve ?? {};
  const rr: Seed['roomRetrieve'] = { ...given, tokenTtlSeconds: given.tokenTtlSeconds ?? 3600, apps: given.apps ?? [] };
  if (!(Number.isInteger(rr.tokenTtlSeconds) && rr.tokenTtlSeconds > 0))
    fail('roomRetrieve.tokenTtlSeconds', 'must be a positive integer');
  if (!Array.isArray(rr.apps)) fail('roomRetrieve.apps', 'must be an array');
  const clientIds = new Set<string>();
  rr.apps.forEach((app, i) => {
    if (typeof app.appId !== 'string' || app.appId === '')
      fail(`roomRetrieve.apps[${i}].appId`, 'must be a non-empty string');
    if (!app.basic && !app.bearerTokens && !app.tokenClient)
      fail(`roomRetrieve.apps[${i}]`, 'needs basic credentials, bearerTokens or a tokenClient');
    if (app.tokenClient === undefined) return;
    const { clientId, secrets } = app.tokenClient;
    if (typeof clientId !== 'string' || clientId === '')
      fail(`roomRetrieve.apps[${i}].tokenClient.clientId`, 'must be a non-empty string');
    if (clientIds.has(clientId))
      fail(`roomRetrieve.apps[${i}].tokenClient.clientId`, `repeats "${clientId}" of another app`);
    clientIds.add(clientId);
    if (typeof secrets !== 'object' || secrets === null || Object.keys(secrets).length === 0)
      fail(`roomRetrieve.apps[${i}].tokenClient.secrets`, 'must map an environment (sandbox, production) to a secret');
    for (const [environment, secret] of Object.entries(secrets))
      if (typeof secret !== 'string' || secret === '')
        fail(`roomRetrieve.apps[${i}].tokenClient.secrets.${environment}`, 'must be a non-empty string');
  });
  return { organizations: seed.organizations, lwa, roomRetrieve: rr };
}

export type SeedRoomRetrieveApp = Seed['roomRetrieve']['apps'][number];

/** The Authorization header a seeded Room Retrieve app sends: Basic (the vendor's legacy scheme) when it has it, else its first Bearer token. */
export function roomRetrieveAuthorization(app: SeedRoomRetrieveApp): string {
  return app.basic
    ? `Basic ${Buffer.from(`${app.basic.username}:${app.basic.password}`).toString('base64')}`
    : `Bearer ${app.bearerTokens?.[0] ?? ''}`;
}
