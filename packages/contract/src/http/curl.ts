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

/** Quotes one shell word, turning each occurrence of a secret into a `${ENV}` expansion. */
function quoteRedacted(text: string, secrets: readonly Secret[]): string {
  const secret = secrets.find((s) => s.value !== '' && text.includes(s.value));
  if (secret === undefined) return singleQuote(text);
  const pieces = text.split(secret.value).map((piece) => {
    const inner = quoteRedacted(piece, secrets);
    // Re-open the nested quoting so the whole word stays one double-quoted string.
    return inner.startsWith('"') ? inner.slice(1, -1) : escapeForDoubleQuotes(piece);
  });
  return `"${pieces.join(`\${${secret.env}}`)}"`;
}

/** A `curl` command line that reproduces the request; credentials become `${ENV}` references. */
export function toCurl(request: OutgoingRequest, secrets: readonly Secret[] = []): string {
  const parts = ['curl', '-i', '-X', request.method, singleQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) {
    parts.push('-H', quoteRedacted(`${name}: ${value}`, secrets));
  }
  if (request.body !== undefined) parts.push('--data-raw', quoteRedacted(request.body, secrets));
  return parts.join(' ');
}
