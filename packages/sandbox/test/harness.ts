// Starts an in-memory sandbox for a test file and speaks both APIs to it.
import { loadSpec, resources } from '@roomkit/spec';
import { createSandbox, type Sandbox, type SandboxOptions } from '../src/index.js';

export const hospitalityDoc = loadSpec('hospitality');
export const roomRetrieveDoc = loadSpec('room-retrieve');
export const BASE = '/enterprise/hospitality/v1';

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
  text: string;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return createSandbox({ database: ':memory:', log: () => undefined, ...options });
}

export class Client {
  constructor(readonly sandbox: Sandbox, readonly token: string | undefined) {}

  get organizationId(): string {
    return this.sandbox.organizations.find((o) => o.tokens.includes(this.token ?? ''))?.id ?? this.sandbox.organizations[0]!.id;
  }

  static forOrganization(sandbox: Sandbox, index: number): Client {
    return new Client(sandbox, sandbox.organizations[index]!.tokens[0]);
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const init: RequestInit = { method, headers: { ...headers } };
    if (this.token !== undefined) (init.headers as Record<string, string>)['authorization'] ??= `Bearer ${this.token}`;
    if (body !== undefined) {
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(this.sandbox.url + path, init);
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  async createProperty(name = `Hotel-${Math.random().toString(36).slice(2, 8)}`): Promise<string> {
    const r = await this.request('POST', `${BASE}/properties`, { name, organizationId: this.organizationId });
    if (r.status !== 201) throw new Error(`createProperty: ${r.status} ${r.text}`);
    return r.body.id as string;
  }

  async createRoomType(propertyId: string, name = 'Ocean View King'): Promise<string> {
    const r = await this.request('POST', `${BASE}/roomTypes`, { name, propertyId });
    if (r.status !== 201) throw new Error(`createRoomType: ${r.status} ${r.text}`);
    return r.body.id as string;
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
