// Typed readers of what the spec says about credentials and servers: the security schemes
// (which header carries an API key, which HTTP schemes, where an OAuth2 flow refreshes its
// tokens) and the servers' regions. Code reads these instead of restating header names or URLs.
import { deref, type OpenApiDocument } from './document.js';
import { listOperations } from './operations.js';

export type SecurityScheme =
  | { id: string; type: 'apiKey'; in: 'header' | 'query' | 'cookie'; name: string }
  | { id: string; type: 'http'; scheme: string }
  | { id: string; type: 'oauth2'; tokenUrls: string[] }
  | { id: string; type: 'openIdConnect' | 'mutualTLS' };

type Obj = Record<string, unknown>;

/** The document's security schemes, keyed by their id (`components.securitySchemes`). */
export function securitySchemes(doc: OpenApiDocument): Record<string, SecurityScheme> {
  const raw = (doc.components?.securitySchemes ?? {}) as Obj;
  const out: Record<string, SecurityScheme> = {};
  for (const [id, value] of Object.entries(raw)) {
    const s = deref<Obj>(doc, value, `#/components/securitySchemes/${id}`).value;
    if (s.type === 'apiKey') {
      out[id] = { id, type: 'apiKey', in: s.in as 'header', name: String(s.name) };
    } else if (s.type === 'http') {
      out[id] = { id, type: 'http', scheme: String(s.scheme).toLowerCase() };
    } else if (s.type === 'oauth2') {
      const urls = Object.values((s.flows ?? {}) as Record<string, Obj>).flatMap((flow) =>
        // A refresh goes to refreshUrl when the flow names one, else to tokenUrl.
        [flow.refreshUrl ?? flow.tokenUrl].filter((u): u is string => typeof u === 'string'),
      );
      out[id] = { id, type: 'oauth2', tokenUrls: [...new Set(urls)] };
    } else {
      out[id] = { id, type: s.type as 'openIdConnect' };
    }
  }
  return out;
}

/** Every URL an OAuth2 scheme of the document refreshes tokens at (LWA's token endpoint). */
export function tokenUrls(doc: OpenApiDocument): string[] {
  return [...new Set(Object.values(securitySchemes(doc)).flatMap((s) => (s.type === 'oauth2' ? s.tokenUrls : [])))];
}

/**
 * The headers that every documented response of every operation requires (the vendor's request
 * id, `X-Amzn-RequestId`): what a server of this API sends on every answer.
 */
export function headersOnEveryResponse(doc: OpenApiDocument): string[] {
  let common: string[] | undefined;
  for (const op of listOperations(doc)) {
    for (const response of Object.values(op.responses)) {
      const required = Object.entries(response.headers)
        .filter(([, h]) => h.required)
        .map(([name]) => name);
      common = common === undefined ? required : common.filter((name) => required.includes(name));
    }
  }
  return common ?? [];
}

/**
 * The servers keyed by their `x-roomkit-region`. Every server must name its region: a client's
 * `region` option is this map's keys, so a server without one would be unreachable by region.
 */
export function serversByRegion(doc: OpenApiDocument): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, server] of (doc.servers ?? []).entries()) {
    const region = (server as unknown as Obj)['x-roomkit-region'];
    if (typeof region !== 'string' || region === '') {
      throw new Error(`servers[${i}] (${server.url}) has no x-roomkit-region; name the region every server serves.`);
    }
    if (out[region] !== undefined) throw new Error(`servers[${i}]: region ${region} is named twice.`);
    out[region] = server.url;
  }
  return out;
}
