// Reading requests and writing responses defensively: bounded bodies, strict UTF-8, JSON that
// cannot smuggle lone surrogates, query strings parsed without prototype surprises.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { LoneSurrogate, Outgoing } from './hooks.js';

export type BodyResult = { kind: 'none' } | { kind: 'ok'; raw: Buffer } | { kind: 'too-large'; limit: number };

/** Reads the whole body up to limit bytes; past it, the rest is discarded and too-large reported. */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve({ kind: 'too-large', limit });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (over) resolve({ kind: 'too-large', limit });
      else if (size === 0) resolve({ kind: 'none' });
      else resolve({ kind: 'ok', raw: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
    });
    req.on('error', reject);
  });
}

export type JsonResult = { ok: true; value: unknown } | { ok: false; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Iterative, so a deeply nested body cannot overflow the stack. */
function hasLoneSurrogate(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (/\p{Cs}/u.test(value)) return true;
    } else if (Array.isArray(value)) {
      for (const v of value) pending.push(v);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) pending.push(k, v);
    }
  }
  return false;
}

/** Every string of a parsed JSON value with its lone surrogates replaced by `by` (a fault's doing, never the default). */
function replaceLoneSurrogates(value: unknown, by: string): unknown {
  if (typeof value === 'string') return value.replace(/\p{Cs}/gu, by);
  if (Array.isArray(value)) return value.map((v) => replaceLoneSurrogates(v, by));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceLoneSurrogates(v, by)]));
  return value;
}

/** Parses a JSON body; every failure comes back as a message naming what is wrong. */
export function parseJson(raw: Buffer, surrogates: LoneSurrogate = 'refuse'): JsonResult {
  let text: string;
  try {
    text = utf8.decode(raw);
  } catch {
    return { ok: false, message: 'The request body is not valid UTF-8.' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `The request body is not valid JSON: ${(e as Error).message}` };
  }
  // Storing a lone surrogate would silently turn it into U+FFFD: refuse it instead.
  if (surrogates !== 'keep' && hasLoneSurrogate(value)) {
    if (surrogates !== 'refuse')
      return { ok: true, value: replaceLoneSurrogates(value, surrogates === 'drop' ? '' : '\uFFFD') };
    return { ok: false, message: 'The request body contains a lone UTF-16 surrogate (\\uD800-\\uDFFF).' };
  }
  return { ok: true, value };
}

/** A header given once; a repeated header counts as absent rather than as its first copy. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? undefined : v;
}

/** Whether the request's Content-Type is one of the media types the operation documents. */
export function acceptsContentType(header: string | undefined, documented: readonly string[]): boolean {
  if (!header) return false;
  const media = header.split(';')[0]!.trim().toLowerCase();
  return documented.some((d) => d.toLowerCase() === media);
}

/** Query parameters into a prototype-free record; a repeated name becomes an array. */
export function parseQuery(search: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  for (const [key, value] of new URLSearchParams(search)) {
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

/** The media type a body goes out as: its Content-Type, else JSON (what writeResponse sends). */
export function mediaTypeOf(out: Outgoing): string | undefined {
  if (out.body === undefined) return undefined;
  const type = Object.entries(out.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return (type ?? JSON_MEDIA_TYPE).split(';')[0]!.trim().toLowerCase();
}

const JSON_MEDIA_TYPE = 'application/json';

export function writeResponse(res: ServerResponse, out: Outgoing): void {
  let payload: string | undefined;
  if (out.body !== undefined) {
    payload = typeof out.body === 'string' ? out.body : JSON.stringify(out.body);
  }
  const headers: Record<string, string | number> = { ...out.headers };
  if (payload !== undefined) {
    if (!('Content-Type' in headers)) headers['Content-Type'] = JSON_MEDIA_TYPE;
    headers['Content-Length'] = Buffer.byteLength(payload);
  } else {
    delete headers['Content-Type'];
  }
  res.writeHead(out.status, headers);
  res.end(payload);
}
