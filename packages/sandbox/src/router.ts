// Which API and operation a request is for, from the specs' paths alone. find-my-way routes
// every documented operation; a second table of the documented paths tells a known path asked
// with an undocumented method (405, with the documented methods in Allow) from an unknown path
// (404); and an answer that matched no operation still takes the error shape of the API whose
// base path it falls under (the first API's outside every base path).
import FindMyWay from 'find-my-way';
import { listOperations, tokenUrls, type OperationInfo } from '@roomkit/openapi';
import type { ApiImplementation } from './api.js';
import type { AccessTokenIssuer } from './room-retrieve-tokens.js';

export type Match =
  | { kind: 'operation'; api: ApiImplementation; op: OperationInfo; params: Record<string, string | undefined> }
  /** The OAuth2 token endpoint a spec's security scheme names (LWA's refresh-token grant). */
  | { kind: 'token' }
  /** A token endpoint a bearer scheme describes (x-roomkit-token-endpoint: Room Retrieve's). */
  | { kind: 'access-token'; issuer: AccessTokenIssuer }
  | { kind: 'method-not-allowed'; api: ApiImplementation; allow: readonly string[] }
  | { kind: 'unknown'; api: ApiImplementation | undefined };

type Stored =
  | { kind: 'operation'; api: ApiImplementation; op: OperationInfo }
  | { kind: 'token' }
  | { kind: 'access-token'; issuer: AccessTokenIssuer }
  | { kind: 'path'; api: ApiImplementation; allow: string[] };

const noop = () => undefined;

function newRouter() {
  return FindMyWay({ ignoreTrailingSlash: false, caseSensitive: true, maxParamLength: 2048 });
}

/** `/a/{b}` in find-my-way's syntax. */
function template(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

/** The leading literal segments all of an API's paths share: its base path. */
function basePath(paths: readonly string[]): string[] {
  const split = paths.map((p) => p.split('/').slice(1));
  const first = split[0] ?? [];
  let n = 0;
  while (n < first.length && !first[n]!.includes('{') && split.every((s) => s[n] === first[n])) n += 1;
  return first.slice(0, n);
}

export class Router {
  private readonly operations = newRouter();
  private readonly paths = newRouter();
  private readonly bases: { api: ApiImplementation; segments: string[] }[] = [];

  constructor(apis: readonly ApiImplementation[], issuers: readonly AccessTokenIssuer[] = []) {
    for (const api of apis) {
      const methods = new Map<string, string[]>();
      for (const op of listOperations(api.doc)) {
        const method = op.method.toUpperCase();
        this.operations.on(method as 'GET', template(op.path), noop, { kind: 'operation', api, op } as never);
        methods.set(op.path, [...(methods.get(op.path) ?? []), method]);
      }
      for (const [path, allow] of methods)
        this.paths.on('GET', template(path), noop, { kind: 'path', api, allow } satisfies Stored as never);
      this.bases.push({ api, segments: basePath([...methods.keys()]) });
      for (const url of tokenUrls(api.doc))
        this.operations.on('POST', new URL(url).pathname, noop, { kind: 'token' } satisfies Stored as never);
    }
    for (const issuer of issuers) {
      const { method, path } = issuer.endpoint;
      this.operations.on(method.toUpperCase() as 'GET', path, noop, {
        kind: 'access-token',
        issuer,
      } satisfies Stored as never);
    }
  }

  match(method: string, path: string): Match {
    const found = find(this.operations, method, path);
    if (found) {
      const stored = found.store as Stored;
      if (stored.kind === 'operation') return { ...stored, params: found.params };
      if (stored.kind === 'token' || stored.kind === 'access-token') return stored;
    }
    const known = find(this.paths, 'GET', path);
    if (known) {
      const stored = known.store as Extract<Stored, { kind: 'path' }>;
      return { kind: 'method-not-allowed', api: stored.api, allow: stored.allow };
    }
    return { kind: 'unknown', api: this.apiAt(path) };
  }

  /**
   * The API whose base path `path` falls under; under none, the first API the sandbox serves (the
   * one a client probing `/` or a wrong base path most likely speaks; its shape was always the
   * default).
   */
  apiAt(path: string): ApiImplementation | undefined {
    const segments = path.split('/').slice(1);
    const under = this.bases.find((b) => b.segments.length > 0 && b.segments.every((s, i) => segments[i] === s));
    return (under ?? this.bases[0])?.api;
  }
}

function find(router: ReturnType<typeof newRouter>, method: string, path: string) {
  try {
    return router.find(method as 'GET', path);
  } catch {
    // find-my-way throws on methods it does not know and on malformed escapes: no route.
    return null;
  }
}
