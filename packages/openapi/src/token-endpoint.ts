// The token endpoint a bearer security scheme describes in `x-roomkit-token-endpoint` (Room
// Retrieve's `GET /auth/generate-access-token`): where to ask, which headers carry the client
// credentials, and where the token and its lifetime sit in the answer. The client's build, the
// sandbox and the contract suite read it here instead of restating the path, headers or fields.
import { deref, resolvePointer, type OpenApiDocument } from './document.js';

export interface TokenEndpoint {
  /** The security scheme that describes it (and whose Authorization the token goes into). */
  scheme: string;
  method: string;
  /** Appended to the server URL, like an operation's path. */
  path: string;
  headers: { clientId: string; clientSecret: string };
  /** The token's prefix per environment (`sandbox`, `production`). */
  tokenPrefixes: Record<string, string>;
  success: { status: number; schemaPointer: string; token: string[]; expiresIn: string[] };
  failure: { status: number; schemaPointer: string };
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `x-roomkit-token-endpoint` of the document's (single) security scheme that has one, or
 * undefined. A malformed extension is an error naming the field, so that a typo cannot silently
 * turn token support off.
 */
export function tokenEndpoint(doc: OpenApiDocument): TokenEndpoint | undefined {
  const schemes = (doc.components?.securitySchemes ?? {}) as Obj;
  const found: TokenEndpoint[] = [];
  for (const [scheme, raw] of Object.entries(schemes)) {
    const at = `#/components/securitySchemes/${scheme}`;
    const value = deref<Obj>(doc, raw, at).value['x-roomkit-token-endpoint'];
    if (value === undefined) continue;
    const where = `${at}/x-roomkit-token-endpoint`;
    const fail = (field: string, rule: string): never => {
      throw new Error(`${where}/${field}: ${rule}.`);
    };
    const ext = isObj(value) ? value : fail('', 'must be an object');
    const text = (node: unknown, field: string): string =>
      typeof node === 'string' && node !== '' ? node : fail(field, 'must be a non-empty string');
    const headers = isObj(ext.headers) ? ext.headers : fail('headers', 'must be an object');
    const prefixes = isObj(ext.tokenPrefixes) ? ext.tokenPrefixes : fail('tokenPrefixes', 'must be an object');
    const responses = isObj(ext.responses) ? ext.responses : fail('responses', 'must be an object');
    const statuses = Object.keys(responses);
    const ok = statuses.filter((s) => /^2\d\d$/.test(s));
    const refused = statuses.filter((s) => /^4\d\d$/.test(s));
    if (ok.length !== 1 || refused.length !== 1) fail('responses', 'must name exactly one 2xx and one 4xx answer');
    const schemaOf = (status: string): string => {
      const pointer = text((responses[status] as Obj | undefined)?.schema, `responses/${status}/schema`);
      resolvePointer(doc, pointer);
      return pointer;
    };
    const success = responses[ok[0]!] as Obj;
    found.push({
      scheme,
      method: text(ext.method, 'method').toLowerCase(),
      path: text(ext.path, 'path').startsWith('/') ? String(ext.path) : fail('path', 'must start with "/"'),
      headers: {
        clientId: text(headers.clientId, 'headers/clientId'),
        clientSecret: text(headers.clientSecret, 'headers/clientSecret'),
      },
      tokenPrefixes: Object.fromEntries(
        Object.entries(prefixes).map(([env, prefix]) => [env, text(prefix, `tokenPrefixes/${env}`)]),
      ),
      success: {
        status: Number(ok[0]),
        schemaPointer: schemaOf(ok[0]!),
        token: text(success.token, `responses/${ok[0]}/token`).split('.'),
        expiresIn: text(success.expiresIn, `responses/${ok[0]}/expiresIn`).split('.'),
      },
      failure: { status: Number(refused[0]), schemaPointer: schemaOf(refused[0]!) },
    });
  }
  if (found.length > 1)
    throw new Error(`x-roomkit-token-endpoint appears on ${found.map((f) => f.scheme).join(' and ')}: keep one.`);
  return found[0];
}
