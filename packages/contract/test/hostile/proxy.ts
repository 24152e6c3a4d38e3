// A hostile target for `roomkit verify`: an HTTP proxy in front of a real sandbox that misbehaves in
// one chosen way (its mode) and logs every request, so that a test can check from the outside what
// verify sent, whatever verify itself reports. Routes and parent fields come from the spec's
// `x-roomkit-resources`, so the log can say which resource each write names.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, pipeline } from 'node:stream';
import { getOperation, loadSpec, resources, type ResourceInfo } from '@roomkit/openapi';

export interface ProxiedRequest {
  /** Arrival order, from 1. */
  seq: number;
  /** Milliseconds since the proxy started. */
  at: number;
  method: string;
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoggedRequest extends ProxiedRequest {
  /** The status the client got, when an answer was started. */
  status?: number;
  /** Whether the request reached the sandbox. */
  forwarded: boolean;
  /** The client aborted it before its body had arrived: nothing was answered. */
  aborted?: boolean;
}

/** An answer, as the sandbox gave it or as a mode rewrote it. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A create that reached the sandbox, as the sandbox answered it (before any tampering). */
export interface UpstreamCreate {
  seq: number;
  collection: string;
  status: number;
  id?: string;
  body: string;
  /** The `name` the create sent, when its body had one. */
  name?: string;
}

/** A resource that exists before the run, created directly on the sandbox. */
export interface ForeignResource {
  collection: string;
  id: string;
  name: string;
}

export interface Route {
  collection: string;
  resource: ResourceInfo;
  /** `collection`: the create and list path; `item`: the path of one resource. */
  kind: 'collection' | 'item';
  id?: string;
}

/** A request that changes data, and the resource it names (the parent of a create, else the path's id). */
export interface Write {
  seq: number;
  method: string;
  path: string;
  collection: string;
  names?: string;
}

export interface ProxyContext {
  /** Sends the request to the sandbox; records the id of every create it answers. */
  forward(request: ProxiedRequest): Promise<Answer>;
  route(path: string): Route | undefined;
  /** Ids the sandbox returned for creates that came through the proxy: the run's own. */
  readonly own: ReadonlySet<string>;
  /** The operator's resources, by collection. */
  readonly foreign: Readonly<Record<string, ForeignResource>>;
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
}

/**
 * One misbehaviour: answers a request (usually by forwarding it and rewriting the answer). Returns
 * the answer to send, or `'handled'` when it wrote (or deliberately never writes) the response itself.
 */
export type Mode = (
  request: ProxiedRequest,
  context: ProxyContext,
  response: ServerResponse,
) => Promise<Answer | 'handled'>;

export interface HostileProxy {
  /** The proxy's origin: the `--base-url` (plus a path, for the wrong-base-path mode). */
  url: string;
  log: readonly LoggedRequest[];
  creates: readonly UpstreamCreate[];
  own: ReadonlySet<string>;
  /** Every POST, PUT, PATCH and DELETE to a spec resource path (under any prefix), with the id it names. */
  writes(): Write[];
  /** The writes that name something other than the run's own ids and the given parents (the organizations). */
  foreignWrites(allowedParents: readonly string[]): Write[];
  /** Failures of the proxy itself (a broken harness must not look like a verify failure). */
  errors: readonly string[];
  close(): Promise<void>;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Headers that describe one connection, never forwarded (fetch refuses some: `transfer-encoding`). */
export const HOP_BY_HOP = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'content-encoding',
]);

interface Matcher {
  collection: string;
  resource: ResourceInfo;
  kind: Route['kind'];
  pattern: RegExp;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matchers for the spec's collection and item paths, anchored at the end so that a prefix (`/api`) still routes. */
function matchers(): Matcher[] {
  const doc = loadSpec('hospitality');
  return Object.values(resources(doc)).flatMap((resource) => {
    const list = getOperation(doc, resource.operations.list).path;
    const item = getOperation(doc, resource.operations.get).path;
    return [
      {
        collection: resource.name,
        resource,
        kind: 'collection' as const,
        pattern: new RegExp(`${escapeRegExp(list)}$`),
      },
      {
        collection: resource.name,
        resource,
        kind: 'item' as const,
        pattern: new RegExp(`${escapeRegExp(item).replace(`\\{${resource.idParameter}\\}`, '([^/]+)')}$`),
      },
    ];
  });
}

function jsonObject(body: Buffer | string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body.toString());
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** An answer with a JSON body, in the spec's shape (`X-Amzn-RequestId` on every answer). */
export function jsonAnswer(status: number, value: unknown, headers: Record<string, string> = {}): Answer {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': randomUUID(), ...headers },
    body: Buffer.from(JSON.stringify(value)),
  };
}

export function htmlAnswer(status: number, html: string): Answer {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from(html) };
}

function send(response: ServerResponse, answer: Answer): void {
  response.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
  response.end(answer.body);
}

/** Streams `head`, then `padding` bytes of `x` (forever when undefined), then `tail`, never holding more than a chunk. */
export function streamPadded(
  response: ServerResponse,
  status: number,
  headers: Record<string, string>,
  head: string,
  tail: string,
  padding: number | undefined,
): void {
  const chunk = Buffer.alloc(64 * 1024, 'x');
  const length = padding === undefined ? undefined : Buffer.byteLength(head) + padding + Buffer.byteLength(tail);
  response.writeHead(status, { ...headers, ...(length === undefined ? {} : { 'content-length': String(length) }) });
  function* body(): Generator<Buffer> {
    yield Buffer.from(head);
    for (let left = padding ?? Infinity; left > 0; left -= chunk.length) {
      yield left >= chunk.length ? chunk : chunk.subarray(0, left);
    }
    yield Buffer.from(tail);
  }
  // The client hanging up ends the stream: that is the expected way out of an endless body.
  pipeline(Readable.from(body(), { objectMode: false }), response, () => {});
}

/** Adds `field: value` (already JSON text) as the last member of a JSON object body. */
function appendMember(object: Record<string, unknown>, field: string): string {
  const text = JSON.stringify(object);
  return `${text.slice(0, -1)}${text === '{}' ? '' : ','}${JSON.stringify(field)}:`;
}

function replaceId(path: string, route: Route, id: string): string {
  return path.replace(new RegExp(`${escapeRegExp(route.id!)}$`), id);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

/** The misbehaviours, one per hostile-suite case. Each factory returns a fresh mode (modes keep state). */
export const modes = {
  /** Forwards everything unchanged: the control case. */
  honest: (): Mode => (request, context) => context.forward(request),

  /** A same-origin 307 from each of the given methods on the run's own resource to the operator's resource. */
  redirectOwn:
    (methods: readonly string[]): Mode =>
    async (request, context) => {
      const route = context.route(request.path);
      if (route?.kind === 'item' && methods.includes(request.method) && context.own.has(route.id!)) {
        const foreign = context.foreign[route.collection]!;
        const location = `${context.origin}${replaceId(request.path, route, foreign.id)}${request.query ? `?${request.query}` : ''}`;
        return jsonAnswer(307, { message: 'Temporary Redirect' }, { location });
      }
      return context.forward(request);
    },

  /** Forwards creates, then answers them with the operator's resource id (body and `Location`). */
  foreignIdOnCreate: (): Mode => async (request, context) => {
    const answer = await context.forward(request);
    const route = context.route(request.path);
    const created = jsonObject(answer.body);
    if (
      request.method !== 'POST' ||
      route?.kind !== 'collection' ||
      answer.status >= 300 ||
      typeof created?.id !== 'string'
    )
      return answer;
    const foreign = context.foreign[route.collection]!.id;
    const headers = { ...answer.headers };
    if (headers.location !== undefined) headers.location = headers.location.split(created.id).join(foreign);
    return { ...answer, headers, body: Buffer.from(JSON.stringify({ ...created, id: foreign })) };
  },

  /** Pads every JSON object answer to about `bytes` with an extra string member (still valid JSON). */
  padAnswers: (bytes: number): Mode => {
    const padding = Buffer.alloc(bytes, 'x');
    return async (request, context) => {
      const answer = await context.forward(request);
      const object = jsonObject(answer.body);
      if (object === undefined) return answer;
      const head = Buffer.from(`${appendMember(object, 'roomkitPadding')}"`);
      return { ...answer, body: Buffer.concat([head, padding, Buffer.from('"}')]) };
    };
  },

  /**
   * The first read of one of the run's own resources answers with its JSON plus `bytes` of padding
   * (forever when undefined: a chunked body that never ends), streamed lazily; every other request is honest.
   */
  oneHugeRead: (bytes: number | undefined): Mode => {
    let done = false;
    return async (request, context, response) => {
      const route = context.route(request.path);
      const answer = await context.forward(request);
      const object = jsonObject(answer.body);
      if (done || request.method !== 'GET' || route?.kind !== 'item' || !context.own.has(route.id!) || !object)
        return answer;
      done = true;
      streamPadded(response, answer.status, answer.headers, `${appendMember(object, 'roomkitPadding')}"`, '"}', bytes);
      return 'handled';
    };
  },

  /**
   * Honest for the first `requests` requests, then accepts every request and never answers it. (Counted
   * in requests, not seconds: a fast machine must not finish the run before the target starts hanging.)
   */
  hangAfter:
    (requests: number): Mode =>
    async (request, context) =>
      request.seq <= requests ? context.forward(request) : 'handled',

  /** Answers every request of `method` with 429 (the spec's throttling status), forever. */
  throttleMethod:
    (method: string): Mode =>
    async (request, context) =>
      request.method === method ? jsonAnswer(429, { message: 'Rate exceeded.' }) : context.forward(request),

  /**
   * Throttles chosen requests a fixed number of times: `plan` maps the ordinal of a new request
   * (retries of a throttled one do not count) to how many 429s it gets before it is forwarded.
   * Which requests are throttled depends only on their order, never on how fast the client sends.
   */
  throttleByOrder: (plan: Readonly<Record<number, number>>): Mode => {
    let ordinal = 0;
    const pending = new Map<string, number>();
    return async (request, context) => {
      const key = `${request.method} ${request.path}?${request.query} ${request.body}`;
      const left = pending.get(key) ?? plan[++ordinal] ?? 0;
      if (left === 0) {
        pending.delete(key);
        return context.forward(request);
      }
      pending.set(key, left - 1);
      return jsonAnswer(429, { message: 'Rate exceeded.' });
    };
  },

  /**
   * Copies the request's headers (Authorization included) into every JSON object answer and into a
   * response header; every `dumpEvery`-th request but creates (done upstream) is answered by a 500 that
   * dumps the request, credentials first, as debugging gateways do: a violation that every report shows.
   * (Creates are spared so that the run still learns every id it created.)
   */
  echoCredentials:
    (dumpEvery: number): Mode =>
    async (request, context) => {
      const answer = await context.forward(request);
      const headers = { ...answer.headers, 'x-echoed-authorization': request.headers.authorization ?? '' };
      if (request.seq % dumpEvery === 0 && request.method !== 'POST')
        return jsonAnswer(
          500,
          { message: 'Internal error', authorization: request.headers.authorization, headers: request.headers },
          { 'x-echoed-authorization': headers['x-echoed-authorization'] },
        );
      const object = jsonObject(answer.body);
      if (object === undefined) return { ...answer, headers };
      const echoed = { method: request.method, path: request.path, headers: request.headers };
      return { ...answer, headers, body: Buffer.from(JSON.stringify({ ...object, echoedRequest: echoed })) };
    },

  /** After the first `after` requests, every `every`-th answer with a body loses its last byte (still labelled application/json). */
  malformedJson:
    (every: number, after: number): Mode =>
    async (request, context) => {
      const answer = await context.forward(request);
      if (answer.body.length === 0 || request.seq <= after || request.seq % every !== 0) return answer;
      return { ...answer, body: answer.body.subarray(0, answer.body.length - 1) };
    },

  /**
   * After the first `after` requests, every `every`-th one gets a gateway's HTML error page, cycling
   * 502, 503 (neither reaches the sandbox), 504 (the sandbox did the work, the answer is lost) and 404.
   */
  htmlGateway: (every: number, after: number): Mode => {
    const statuses = [502, 503, 504, 404] as const;
    const titles = {
      502: 'Bad Gateway',
      503: 'Service Temporarily Unavailable',
      504: 'Gateway Time-out',
      404: 'Not Found',
    };
    return async (request, context) => {
      if (request.seq <= after || request.seq % every !== 0) return context.forward(request);
      const status = statuses[Math.floor(request.seq / every) % statuses.length]!;
      if (status === 504) await context.forward(request);
      const title = `${status} ${titles[status]}`;
      return htmlAnswer(
        status,
        `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
      );
    };
  },

  /** Answers 404 to every path under `prefix` (what a server says about paths it does not have), as HTML or as non-spec JSON. */
  unknownPrefix:
    (prefix: string, body: 'html' | 'json'): Mode =>
    async (request, context) => {
      if (!request.path.startsWith(`${prefix}/`)) return context.forward(request);
      return body === 'html'
        ? htmlAnswer(
            404,
            `<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Error</title></head>\n<body><pre>Cannot ${request.method} ${request.path}</pre></body>\n</html>\n`,
          )
        : {
            status: 404,
            headers: { 'content-type': 'application/json' },
            body: Buffer.from(JSON.stringify({ error: 'Not Found', status: 404, path: request.path })),
          };
    },
} satisfies Record<string, (...args: never[]) => Mode>;

export async function startProxy(options: {
  /** The sandbox's URL. */
  upstream: string;
  mode: Mode;
  foreign: readonly ForeignResource[];
}): Promise<HostileProxy> {
  const routes = matchers();
  const log: LoggedRequest[] = [];
  const creates: UpstreamCreate[] = [];
  const own = new Set<string>();
  const errors: string[] = [];
  const started = performance.now();
  const foreign = Object.fromEntries(options.foreign.map((f) => [f.collection, f]));
  const route = (path: string): Route | undefined => {
    for (const m of routes) {
      const match = m.pattern.exec(path);
      if (match !== null)
        return {
          collection: m.collection,
          resource: m.resource,
          kind: m.kind,
          ...(match[1] ? { id: decodeURIComponent(match[1]) } : {}),
        };
    }
    return undefined;
  };
  const context: ProxyContext = {
    route,
    own,
    foreign,
    origin: '',
    async forward(request) {
      const entry = log[request.seq - 1]!;
      entry.forwarded = true;
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
      const upstream = await fetch(`${options.upstream}${request.path}${request.query ? `?${request.query}` : ''}`, {
        method: request.method,
        headers,
        redirect: 'manual',
        ...(request.body === '' || request.method === 'GET' ? {} : { body: request.body }),
      });
      const answer: Answer = { status: upstream.status, headers: {}, body: Buffer.from(await upstream.arrayBuffer()) };
      upstream.headers.forEach((value, name) => {
        if (!HOP_BY_HOP.has(name)) answer.headers[name] = value;
      });
      const target = route(request.path);
      if (request.method === 'POST' && target?.kind === 'collection') {
        const id = jsonObject(answer.body)?.id;
        const created: UpstreamCreate = {
          seq: request.seq,
          collection: target.collection,
          status: answer.status,
          body: answer.body.toString(),
        };
        const sentName = jsonObject(Buffer.from(request.body))?.name;
        if (typeof sentName === 'string') created.name = sentName;
        if (answer.status >= 200 && answer.status < 300 && typeof id === 'string') {
          created.id = id;
          own.add(id);
        }
        creates.push(created);
      }
      return answer;
    },
  };
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://proxy');
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([name, value]) => [
          name,
          Array.isArray(value) ? value.join(', ') : (value ?? ''),
        ]),
      );
      const request: ProxiedRequest = {
        seq: log.length + 1,
        at: performance.now() - started,
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.search.replace(/^\?/, ''),
        headers,
        body: '',
      };
      const entry: LoggedRequest = { ...request, forwarded: false };
      log.push(entry);
      try {
        entry.body = request.body = await readBody(req);
      } catch {
        // The client gave up while its body was on the way (a run cut at its time limit aborts
        // what it has in flight): there is nobody left to answer.
        entry.aborted = true;
        return;
      }
      try {
        const answer = await options.mode(request, context, res);
        if (answer !== 'handled') send(res, answer);
      } catch (error) {
        errors.push(`${request.method} ${request.path}: ${(error as Error).message}`);
        if (!res.headersSent) send(res, htmlAnswer(500, 'hostile proxy failure'));
      }
      if (res.headersSent) entry.status = res.statusCode;
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  (context as { origin: string }).origin = origin;

  function writes(): Write[] {
    return log.flatMap((entry) => {
      const target = WRITE_METHODS.has(entry.method) ? route(entry.path) : undefined;
      if (target === undefined) return [];
      const write = { seq: entry.seq, method: entry.method, path: entry.path, collection: target.collection };
      if (target.kind === 'item') return [{ ...write, names: target.id! }];
      if (entry.method !== 'POST') return [write];
      const parent = jsonObject(entry.body)?.[target.resource.parent.field];
      return [typeof parent === 'string' ? { ...write, names: parent } : write];
    });
  }
  return {
    url: origin,
    log,
    creates,
    own,
    errors,
    writes,
    foreignWrites: (allowedParents) =>
      writes().filter((w) => w.names !== undefined && !own.has(w.names) && !allowedParents.includes(w.names)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
