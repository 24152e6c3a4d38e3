// Opaque, signed pagination tokens. A token names the list operation, its filter value and
// the last seq served, so it stays valid under inserts and deletes between pages, and a
// token replayed against another list or filter is recognised as foreign.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type TokenResult =
  | { ok: true; afterSeq: number; served: number }
  | { ok: false; problem: 'malformed' }
  | { ok: false; problem: 'foreign'; afterSeq: number; served: number };

interface Payload {
  o: string;
  f: string;
  s: number;
  /** How many items the pages before this token showed (older tokens lack it). */
  n?: number;
}

/**
 * How many issued tokens are remembered. A token is a pure function of what it names, so a list
 * asked again (a client polling its first page, the same page through another connection) gets
 * the remembered one instead of a new HMAC (a fifth of a list page's own work, profiled under load).
 */
const REMEMBERED = 1024;

export class PageTokens {
  private readonly issued = new Map<string, string>();

  constructor(private readonly key: Buffer) {}

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(payload).digest().subarray(0, 18);
  }

  issue(operationId: string, filter: string, afterSeq: number, served = 0): string {
    const json = JSON.stringify({ o: operationId, f: filter, s: afterSeq, n: served } satisfies Payload);
    const known = this.issued.get(json);
    if (known !== undefined) return known;
    const payload = Buffer.from(json).toString('base64url');
    const token = `${payload}.${this.mac(payload).toString('base64url')}`;
    if (this.issued.size >= REMEMBERED) this.issued.delete(this.issued.keys().next().value!);
    this.issued.set(json, token);
    return token;
  }

  read(token: string, operationId: string, filter: string): TokenResult {
    const dot = token.indexOf('.');
    if (dot <= 0 || token.length > 4096) return { ok: false, problem: 'malformed' };
    const payload = token.slice(0, dot);
    // Compared as text: base64 decoding would forgive extra or altered trailing characters.
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.mac(payload).toString('base64url'));
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, problem: 'malformed' };
    let parsed: Payload;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Payload;
    } catch {
      return { ok: false, problem: 'malformed' };
    }
    if (!Number.isSafeInteger(parsed.s) || parsed.s < 0) return { ok: false, problem: 'malformed' };
    const served = Number.isSafeInteger(parsed.n) && parsed.n! >= 0 ? parsed.n! : 0;
    if (parsed.o !== operationId || parsed.f !== filter)
      return { ok: false, problem: 'foreign', afterSeq: parsed.s, served };
    return { ok: true, afterSeq: parsed.s, served };
  }
}
