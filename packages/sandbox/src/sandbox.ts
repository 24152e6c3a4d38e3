// createSandbox: one HTTP server for both APIs. It loads the specs, the seed and the fixture,
// builds each API's implementation, a router over the specs' paths (router.ts) and the one
// request handler (handler.ts), and listens.
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  apiNames,
  createSpecValidator,
  loadSpec,
  requestBodyPolicy,
  throttling,
  type ApiName,
  type TokenEndpoint,
} from '@roomkit/openapi';
import type { ApiImplementation } from './api.js';
import { Credentials } from './credentials.js';
import { NO_ANSWER } from './faults/definition.js';
import { composeHooks } from './faults/index.js';
import { defaultFixturePath, loadFixture } from './fixture.js';
import { createRequestHandler, type Throttle } from './handler.js';
import { HospitalityApi } from './hospitality.js';
import { randomUnitId } from './ids.js';
import { RoomRetrieveApi } from './room-retrieve.js';
import { RoomRetrieveTokens, type Clock } from './room-retrieve-tokens.js';
import { Router } from './router.js';
import { defaultSeedPath, loadSeed, type Seed } from './seed.js';
import { openStore } from './open-store.js';
import { StoreUnavailableError, type Durability, type Store, type ThrottleOptions } from './store.js';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /**
   * SQLite file (':memory:' keeps nothing), or a `postgres://` URL: PostgreSQL, which several
   * replicas can share. Default: roomkit-sandbox.db in the working directory.
   */
  database?: string;
  seed?: string;
  fixture?: string;
  faults?: readonly string[];
  variations?: readonly string[];
  /** Token bucket per bearer token on the hospitality API; off unless given. */
  throttle?: ThrottleOptions;
  /**
   * A created or updated item shows in reads only this long after the write (a vendor whose
   * reads lag, as the spec tolerates); the read-after-write-lag variation with a chosen lag.
   */
  readLagMs?: number;
  /** Largest accepted request body in bytes (413 above). Default: the specs' x-roomkit-request-body.maxBytes. */
  bodyLimitBytes?: number;
  durability?: Durability;
  /** Check every answer against the spec before sending it (default true). */
  validateResponses?: boolean;
  /** Where problems (a non-conforming answer, an unexpected error) are reported. */
  log?: (line: string) => void;
  /**
   * The one clock of the sandbox's time-dependent behaviour, default Date.now: access tokens
   * (LWA's and Room Retrieve's) expire by it, read-after-write lag ends by it, throttle buckets
   * refill by it. Tests move it instead of waiting, so nothing they assert depends on how fast
   * the machine is.
   */
  clock?: Clock;
  /**
   * A database outage on demand, for tests of what clients see then: asked before each call of a
   * store method (its name), true makes that call fail as an unreachable database does
   * (StoreUnavailableError: the operation's documented 503 with Retry-After where it has one, else
   * a 500). Absent, the store never fails but on its own.
   */
  storeOutage?: (method: string) => boolean;
}

export interface Sandbox {
  url: string;
  port: number;
  host: string;
  /** Where the data lives: the SQLite file, or the PostgreSQL URL without its password. */
  database: string;
  /** Which store keeps the data. */
  store: Store['kind'];
  organizations: { id: string; name: string; tokens: string[] }[];
  seed: Seed;
  /** Where Room Retrieve access tokens are issued (the spec's x-roomkit-token-endpoint). */
  roomRetrieveTokenEndpoint: TokenEndpoint;
  /** Answers the sandbox itself found non-conforming (and replaced with a 500): should stay empty. */
  readonly conformanceProblems: readonly string[];
  /**
   * Stops listening and closes the store. Requests in flight are cut at once, or, with drainMs,
   * answered first (with `Connection: close`) unless they take longer than that: a replica
   * behind a load balancer restarts without failing a request.
   */
  close(options?: { drainMs?: number }): Promise<void>;
}

export const DEFAULT_DATABASE = 'roomkit-sandbox.db';
/** One server takes both APIs' bodies: the smaller of the specs' limits (x-roomkit-request-body). */
export function defaultBodyLimit(): number {
  const limits = apiNames.map((api) => requestBodyPolicy(loadSpec(api))?.maxBytes);
  if (limits.some((limit) => limit === undefined))
    throw new Error('Every spec must state x-roomkit-request-body.maxBytes.');
  return Math.min(...(limits as number[]));
}

/** Malformed HTTP never reaches a route, so its answer is written on the socket. */
function refuseMalformed(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) return void socket.destroy();
  // HTTP's answers to a request it cannot parse (RFC 6585 5, RFC 9110 15.5.1): no spec operation is reached.
  const [status, reason] =
    err.code === 'HPE_HEADER_OVERFLOW' ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
  const body = JSON.stringify({ message: `Malformed HTTP request (${err.code ?? 'parse error'}).` });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * With faults switched on: an answer with the status NO_ANSWER (a fault's, src/faults/) is not
 * written; the connection is closed instead, as a server that drops the request. Outside the
 * request handling the mutation run mutates, so its mutants are the same with or without it.
 */
function droppingUnanswered(handle: RequestListener): RequestListener {
  return (req, res) => {
    const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => ServerResponse;
    res.writeHead = ((status: number, ...rest: unknown[]) => {
      if (status !== NO_ANSWER) return writeHead(status, ...rest);
      req.socket.destroy();
      return res;
    }) as ServerResponse['writeHead'];
    handle(req, res);
  };
}

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const hooks = composeHooks(
    options.faults,
    options.variations,
    options.readLagMs === undefined ? [] : [{ readLagMs: () => options.readLagMs! }],
  );
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
  const opened = await openStore(database, { durability: options.durability ?? 'normal', log });
  const store = options.storeOutage === undefined ? opened : withOutage(opened, options.storeOutage);
  const clock = options.clock ?? Date.now;
  const credentials = new Credentials(seed, store, clock);
  let apis: ApiImplementation[];
  let tokens: RoomRetrieveTokens;
  const throttles = new Map<ApiImplementation, Throttle>();
  try {
    tokens = new RoomRetrieveTokens(docs['room-retrieve'], validators['room-retrieve'], seed, store, clock);
    apis = [
      new HospitalityApi(
        docs.hospitality,
        validators.hospitality,
        store,
        credentials,
        hooks,
        await store.secret('page-token-key'),
        clock,
      ),
      new RoomRetrieveApi(docs['room-retrieve'], validators['room-retrieve'], seed, fixture, hooks, tokens),
    ];
    for (const api of apis) {
      const policy = throttling(api.doc);
      if (policy)
        throttles.set(api, {
          ...(options.throttle ? { buckets: store.rateLimiter(options.throttle, clock) } : {}),
          status: policy.status,
        });
    }
  } catch (e) {
    await store.close();
    throw e;
  }

  const conformanceProblems: string[] = [];
  const handle = createRequestHandler({
    router: new Router(apis, [tokens]),
    store,
    credentials,
    hooks,
    bodyLimit: options.bodyLimitBytes ?? defaultBodyLimit(),
    validateResponses: options.validateResponses ?? true,
    throttles,
    log,
    conformanceProblems,
  });
  const server = createServer(
    { maxHeaderSize: 64 * 1024 },
    (options.faults?.length ?? 0) > 0 ? droppingUnanswered(handle) : handle,
  );
  server.on('clientError', refuseMalformed);
  // Answers still to be written: on a draining close they are the last of their connection.
  let closing = false;
  const unanswered = new Set<ServerResponse>();
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (closing) res.shouldKeepAlive = false;
    unanswered.add(res);
    res.once('close', () => unanswered.delete(res));
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
    database: store.location,
    store: store.kind,
    organizations: seed.organizations.map((o) => ({ id: o.id, name: o.name, tokens: [...o.tokens] })),
    seed,
    roomRetrieveTokenEndpoint: tokens.endpoint,
    conformanceProblems,
    close({ drainMs = 0 } = {}) {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        for (const res of unanswered) if (!res.headersSent) res.shouldKeepAlive = false;
        server.close(() => {
          void store.close().then(resolve);
        });
        server.closeIdleConnections();
        if (drainMs > 0) setTimeout(() => server.closeAllConnections(), drainMs).unref();
        else server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** The store with each method call first asking `outage` whether the database is unreachable now. */
function withOutage(store: Store, outage: (method: string) => boolean): Store {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      return (...args: unknown[]) =>
        outage(prop)
          ? Promise.reject(new StoreUnavailableError(new Error(`an outage was asked for (${prop})`)))
          : (value as (...a: unknown[]) => unknown).apply(target, args);
    },
  });
}
