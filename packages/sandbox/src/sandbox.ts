// createSandbox: one HTTP server for both APIs. Routes come from the bundled specs'
// operations; every answer is checked against the spec before the (optional) fault and
// variation perturbations are applied.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import FindMyWay from 'find-my-way';
import {
  createSpecValidator,
  listOperations,
  loadSpec,
  throttling,
  type ApiName,
  type OperationInfo,
  type SpecValidator,
} from '@roomkit/openapi';
import { documentedStatus, type ApiImplementation, type RequestBody } from './api.js';
import { answerProblems } from './conformance.js';
import { Credentials } from './credentials.js';
import { composeHooks, type Outgoing, type ResponseContext } from './faults.js';
import { defaultFixturePath, loadFixture } from './fixture.js';
import { HospitalityApi } from './hospitality.js';
import { acceptsContentType, headerValue, parseJson, parseQuery, readBody, writeResponse } from './http-io.js';
import { randomUnitId, requestId as newRequestId } from './ids.js';
import { lwaToken } from './lwa.js';
import { RoomRetrieveApi } from './room-retrieve.js';
import { defaultSeedPath, loadSeed, type Seed } from './seed.js';
import { Store, type Durability } from './store.js';
import { TokenBuckets, type ThrottleOptions } from './throttle.js';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** SQLite file; ':memory:' keeps nothing. Default: roomkit-sandbox.db in the working directory. */
  database?: string;
  seed?: string;
  fixture?: string;
  faults?: readonly string[];
  variations?: readonly string[];
  /** Token bucket per bearer token on the hospitality API; off unless given. */
  throttle?: ThrottleOptions;
  /** Largest accepted request body in bytes (413 above). Default 64 KiB. */
  bodyLimitBytes?: number;
  durability?: Durability;
  /** Check every answer against the spec before sending it (default true). */
  validateResponses?: boolean;
  /** Where problems (a non-conforming answer, an unexpected error) are reported. */
  log?: (line: string) => void;
}

export interface Sandbox {
  url: string;
  port: number;
  host: string;
  database: string;
  organizations: { id: string; name: string; tokens: string[] }[];
  seed: Seed;
  /** Answers the sandbox itself found non-conforming (and replaced with a 500): should stay empty. */
  readonly conformanceProblems: readonly string[];
  close(): Promise<void>;
}

export const DEFAULT_DATABASE = 'roomkit-sandbox.db';
const DEFAULT_BODY_LIMIT = 64 * 1024;
const MAX_URL_LENGTH = 8 * 1024;
const LWA_PATH = '/auth/o2/token';

interface Route {
  api: ApiImplementation;
  validator: SpecValidator;
  op: OperationInfo;
  throttle?: { buckets: TokenBuckets; status: number };
}

type RouteStore = Route | { lwa: true };

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const hooks = composeHooks(options.faults, options.variations);
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const validateResponses = options.validateResponses ?? true;
  const database = options.database ?? DEFAULT_DATABASE;

  const docs = { hospitality: loadSpec('hospitality'), 'room-retrieve': loadSpec('room-retrieve') } satisfies Record<
    ApiName,
    unknown
  >;
  const validators = {
    hospitality: createSpecValidator(docs.hospitality),
    'room-retrieve': createSpecValidator(docs['room-retrieve']),
  };
  const unitIdValid = (id: string) => validators.hospitality.validate('#/components/schemas/UnitId', id).valid;
  const sample = randomUnitId();
  if (!unitIdValid(sample)) throw new Error(`The sandbox's ids (${sample}) no longer match the spec's UnitId schema.`);

  const seed = loadSeed(options.seed ?? defaultSeedPath, unitIdValid);
  const fixture = loadFixture(
    options.fixture ?? defaultFixturePath,
    docs['room-retrieve'],
    validators['room-retrieve'],
  );
  const store = new Store(database, options.durability);
  const credentials = new Credentials(seed, store);
  let apis: Record<ApiName, ApiImplementation>;
  try {
    apis = {
      hospitality: new HospitalityApi(docs.hospitality, validators.hospitality, store, credentials, hooks),
      'room-retrieve': new RoomRetrieveApi(validators['room-retrieve'], seed, fixture, hooks),
    };
  } catch (e) {
    await store.close();
    throw e;
  }

  const router = FindMyWay({ ignoreTrailingSlash: false, caseSensitive: true, maxParamLength: 2048 });
  const noop = () => undefined;
  for (const name of Object.keys(docs) as ApiName[]) {
    const spec = throttling(docs[name]);
    const throttle =
      options.throttle && spec ? { buckets: new TokenBuckets(options.throttle), status: spec.status } : undefined;
    for (const op of listOperations(docs[name])) {
      const route: Route = { api: apis[name], validator: validators[name], op, ...(throttle ? { throttle } : {}) };
      router.on(
        op.method.toUpperCase() as 'GET',
        op.path.replace(/\{([^}]+)\}/g, ':$1'),
        noop,
        route as RouteStore as never,
      );
    }
  }
  router.on('POST', LWA_PATH, noop, { lwa: true } as never);

  const conformanceProblems: string[] = [];

  /** Checks an answer against the spec; a non-conforming one becomes a 500 and is reported. */
  function conform(route: Route, out: Outgoing, requestId: string): Outgoing {
    if (!validateResponses) return out;
    const problems = answerProblems(route.validator, route.op, out);
    if (problems.length === 0) return out;
    const line = `${route.op.operationId} ${out.status}: ${problems.join('; ')}`;
    conformanceProblems.push(line);
    log(`[sandbox] non-conforming answer replaced by 500: ${line}`);
    return route.api.error(
      route.op,
      500,
      'The sandbox produced an answer that does not conform to the spec.',
      requestId,
    );
  }

  async function readRequestBody(req: IncomingMessage, route: Route): Promise<RequestBody | 'too-large'> {
    const declared = route.op.requestBody;
    if (!declared) {
      req.resume();
      return { kind: 'none' };
    }
    const read = await readBody(req, bodyLimit);
    if (read.kind === 'too-large') return 'too-large';
    if (read.kind === 'none') return { kind: 'none' };
    if (!acceptsContentType(headerValue(req.headers, 'content-type'), declared.contentTypes)) {
      return {
        kind: 'invalid',
        message: `Content-Type must be ${declared.contentTypes.join(' or ')} (got ${JSON.stringify(headerValue(req.headers, 'content-type') ?? '')}).`,
      };
    }
    const parsed = parseJson(read.raw);
    return parsed.ok ? { kind: 'json', value: parsed.value } : { kind: 'invalid', message: parsed.message };
  }

  async function serve(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    const fallback = apis.hospitality;
    if (url.length > MAX_URL_LENGTH) {
      req.resume();
      writeResponse(
        res,
        fallback.error(undefined, 400, `The request URL is longer than ${MAX_URL_LENGTH} characters.`, requestId),
      );
      return;
    }
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    let found: ReturnType<typeof router.find> = null;
    try {
      found = router.find(method as 'GET', path);
    } catch {
      found = null;
    }
    if (!found) {
      req.resume();
      writeResponse(res, fallback.error(undefined, 404, `No operation at ${method} ${path}.`, requestId));
      return;
    }
    const target = found.store as RouteStore;
    if ('lwa' in target) {
      const read = await readBody(req, bodyLimit);
      const out =
        read.kind === 'too-large'
          ? {
              status: 413,
              headers: {},
              body: { error: 'invalid_request', error_description: `The body exceeds ${bodyLimit} bytes.` },
            }
          : lwaToken(credentials, headerValue(req.headers, 'content-type'), read.kind === 'ok' ? read.raw : undefined);
      await store.settled();
      writeResponse(res, out);
      return;
    }
    const route = target;
    const ctx: ResponseContext = {
      operationId: route.op.operationId,
      action: 'early',
      documented: Object.keys(route.op.responses),
    };
    let out: Outgoing;
    let responseCtx = ctx;
    const wait = route.throttle?.buckets.take(
      headerValue(req.headers, 'authorization') ?? req.socket.remoteAddress ?? '',
    );
    if (route.throttle && wait) {
      req.resume();
      out = route.api.error(route.op, route.throttle.status, 'Rate exceeded.', requestId);
      out.headers['Retry-After'] = String(Math.max(1, Math.ceil(wait)));
    } else {
      const body = await readRequestBody(req, route);
      if (body === 'too-large') {
        res.setHeader('Connection', 'close');
        out = route.api.error(
          route.op,
          documentedStatus(route.op, 413, 400),
          `The request body exceeds ${bodyLimit} bytes.`,
          requestId,
        );
      } else {
        const query = q < 0 ? (Object.create(null) as Record<string, string>) : parseQuery(url.slice(q + 1));
        const handled = route.api.handle({
          op: route.op,
          params: found.params,
          query,
          headers: req.headers,
          body,
          requestId,
        });
        out = handled.out;
        responseCtx = handled.ctx;
      }
    }
    // Whatever this answer says may rest on writes of this turn: send it once they are committed.
    await store.settled();
    writeResponse(res, hooks.response(conform(route, out, requestId), responseCtx));
  }

  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    const requestId = newRequestId();
    serve(req, res, requestId).catch((e: unknown) => {
      log(`[sandbox] unexpected error on ${req.method} ${req.url}: ${(e as Error)?.stack ?? String(e)}`);
      if (!res.headersSent)
        writeResponse(res, apis.hospitality.error(undefined, 500, 'Internal error in the sandbox.', requestId));
      else res.destroy();
    });
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify({ message: `Malformed HTTP request (${err.code ?? 'parse error'}).` });
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch(async (e: unknown) => {
    await store.close();
    throw e;
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;

  return {
    url: `http://${host}:${port}`,
    port,
    host,
    database,
    organizations: seed.organizations.map((o) => ({ id: o.id, name: o.name, tokens: [...o.tokens] })),
    seed,
    conformanceProblems,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => {
          void store.close().then(resolve);
        });
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
