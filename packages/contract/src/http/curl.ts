import type { OutgoingRequest } from './exchange.js';

/**
 * A credential that must not be printed: reports show `${ENV}` instead, so a user can replay
 * the command after exporting the variable.
 */
export interface Secret {
  value: string;
  env: string;
}

function singleQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function escapeForDoubleQuotes(text: string): string {
  return text.replace(/(["\\`$])/g, '\\$1');
}

/**
 * Finds a credential carried whole by a header value: the value itself (`Basic ...` sent
 * verbatim) or its last word (`Bearer <token>`). Only whole matches count, so a short token
 * never garbles unrelated text that happens to contain it.
 */
export function secretIn(value: string, secrets: readonly Secret[]): { prefix: string; secret: Secret } | undefined {
  for (const secret of secrets) {
    if (secret.value === '') continue;
    if (value === secret.value) return { prefix: '', secret };
    const at = value.lastIndexOf(' ');
    if (at >= 0 && value.slice(at + 1) === secret.value) return { prefix: value.slice(0, at + 1), secret };
  }
  return undefined;
}

/** A header value with its credential replaced by a `${ENV}` reference. */
export function redactHeaderValue(value: string, secrets: readonly Secret[]): string {
  const found = secretIn(value, secrets);
  return found === undefined ? value : `${found.prefix}\${${found.secret.env}}`;
}

/** A `curl` command line that reproduces the request; credentials become `${ENV}` references. */
export function toCurl(request: OutgoingRequest, secrets: readonly Secret[] = []): string {
  const parts = ['curl', '-i', '-X', request.method, singleQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) {
    const found = secretIn(value, secrets);
    // A credential becomes a double-quoted `${ENV}` expansion; everything else is single-quoted.
    parts.push(
      '-H',
      found === undefined
        ? singleQuote(`${name}: ${value}`)
        : `"${escapeForDoubleQuotes(`${name}: ${found.prefix}`)}\${${found.secret.env}}"`,
    );
  }
  if (request.chunked === true) parts.push('-H', singleQuote('Transfer-Encoding: chunked'));
  if (request.body !== undefined) parts.push('--data-raw', singleQuote(request.body));
  return parts.join(' ');
}
