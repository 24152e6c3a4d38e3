// Starts an in-memory sandbox for a test file and speaks both APIs to it.
import { Agent, request as httpRequest } from 'node:http';
import { inject } from 'vitest';
import { loadSpec, resources } from '@roomkit/openapi';
import { createSandbox, type Sandbox, type SandboxOptions } from '../src/index.js';
import { createDatabase } from '../bench/embedded-postgres.js';

export const hospitalityDoc = loadSpec('hospitality');
export const roomRetrieveDoc = loadSpec('room-retrieve');
export const BASE = '/enterprise/hospitality/v1';
const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/**
 * The fields of a JSON answer these tests read, by name (a test asserts their values; any other
 * field reads as unknown). An answer without a body parses to undefined: tests check the status first.
 */
export interface ReplyBody {
  id?: string;
  name?: string;
  message?: string;
  paginationContext?: { nextToken?: string };
  Errors?: { Code: string }[];
  [field: string]: unknown;
}

/** The fields of a Room Retrieve envelope (Success or Fail) these tests read. */
export interface RetrieveBody {
  Status?: string;
  Message?: string;
  Ruid?: string;
  Data?: RetrievedUnit[];
  Errors?: { Code: string; ShortText?: string; Message?: string }[];
}

/** The fields of a served unit these tests read. */
export interface RetrievedUnit {
  channel_room_id?: number;
  configuration: {
    occupancy?: {
      max_guests: number;
      max_adults: number;
      max_children: number;
      max_children_that_pay_children_rate?: number;
    };
    rooms?: {
      type: string;
      bed_configurations?: { beds: { bed_type_id: number }[]; is_default_configuration?: boolean }[];
    }[];
    smoking_policy?: string;
  };
}

/** The fields of the token endpoint's answer (success or failure) these tests read. */
export interface TokenBody {
  success?: boolean;
  message?: string;
  data?: { token: string; token_type?: string; expire_in?: string };
}

export interface Reply {
  status: number;
  headers: Headers;
  body: ReplyBody;
  text: string;
}

/**
 * A sandbox for one test file: in memory (SQLite), or in the vitest project "postgres" on a new
 * database of the PostgreSQL server its globalSetup started (test/postgres-setup.ts).
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const server = inject('postgresServer');
  const database = server ? await createDatabase(server) : ':memory:';
  return createSandbox({ database, log: () => undefined, ...options });
}

/** Which store the suites run against (the vitest project's name). */
export const storeUnderTest: 'sqlite' | 'postgres' = inject('postgresServer') ? 'postgres' : 'sqlite';

export class Client {
  constructor(
    readonly sandbox: Sandbox,
    readonly token: string | undefined,
  ) {}

  get organizationId(): string {
    return (
      this.sandbox.organizations.find((o) => o.tokens.includes(this.token ?? ''))?.id ??
      this.sandbox.organizations[0]!.id
    );
  }

  static forOrganization(sandbox: Sandbox, index: number): Client {
    return new Client(sandbox, sandbox.organizations[index]!.tokens[0]);
  }

  /** node:http with a keep-alive agent: several times faster than fetch for thousands of calls. */
  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const h: Record<string, string> = { ...headers };
    if (this.token !== undefined) h['authorization'] ??= `Bearer ${this.token}`;
    let payload: Buffer | undefined;
    if (body !== undefined) {
      h['content-type'] ??= 'application/json';
      payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      h['content-length'] = String(payload.length);
    }
    const { status, rawHeaders, text } = await new Promise<{
      status: number;
      rawHeaders: Record<string, string | string[] | undefined>;
      text: string;
    }>((resolve, reject) => {
      const req = httpRequest(this.sandbox.url + path, { method, headers: h, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            rawHeaders: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
    const responseHeaders = new Headers();
    for (const [k, v] of Object.entries(rawHeaders))
      if (v !== undefined) responseHeaders.set(k, Array.isArray(v) ? v.join(', ') : v);
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status, headers: responseHeaders, body: parsed as ReplyBody, text };
  }

  async createProperty(name = `Hotel-${Math.random().toString(36).slice(2, 8)}`): Promise<string> {
    const r = await this.request('POST', `${BASE}/properties`, { name, organizationId: this.organizationId });
    if (r.status !== 201) throw new Error(`createProperty: ${r.status} ${r.text}`);
    return r.body.id!;
  }

  async createRoomType(propertyId: string, name = 'Ocean View King'): Promise<string> {
    const r = await this.request('POST', `${BASE}/roomTypes`, { name, propertyId });
    if (r.status !== 201) throw new Error(`createRoomType: ${r.status} ${r.text}`);
    return r.body.id!;
  }

  async createRoom(roomTypeId: string, name: string): Promise<Reply> {
    return this.request('POST', `${BASE}/rooms`, { name, roomTypeId });
  }

  /** Walks every page of a list; returns the ids in the order served and the page sizes. */
  async walk(collection: string, filter: string, value: string, maxResults?: number, limitPages = 500) {
    const ids: string[] = [];
    const pages: number[] = [];
    let token: string | undefined;
    do {
      const q = new URLSearchParams({ [filter]: value });
      if (maxResults !== undefined) q.set('maxResults', String(maxResults));
      if (token) q.set('nextToken', token);
      const r = await this.request('GET', `${BASE}/${collection}?${q}`);
      if (r.status !== 200) throw new Error(`list ${collection}: ${r.status} ${r.text}`);
      const items = r.body[collection] as { id: string }[];
      ids.push(...items.map((i) => i.id));
      pages.push(items.length);
      token = r.body.paginationContext?.nextToken ?? undefined;
    } while (token && pages.length < limitPages);
    return { ids, pages };
  }
}

export const rrHeaders = (sandbox: Sandbox): Record<string, string> => {
  const app = sandbox.seed.roomRetrieve.apps[0]!;
  return { 'app-id': app.appId, authorization: `Bearer ${app.bearerTokens![0]}` };
};

export function collections(): string[] {
  return Object.keys(resources(hospitalityDoc));
}
