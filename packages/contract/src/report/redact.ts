import type { Violation } from '../checks/types.js';
import { redactHeaderValue, toCurl, type Secret } from '../http/curl.js';
import type { Exchange } from '../http/exchange.js';

/** Shorter fragments are only redacted where a header carries them whole (they would garble other text). */
const MIN_FRAGMENT = 4;

/**
 * The forms in which a credential can reappear in what a target sends back or a report shows:
 * the value itself, the credential after its scheme word, a Basic credential decoded
 * (`user:password`) and its password, and each of those percent- and JSON-escaped.
 */
function formsOf(secret: Secret): string[] {
  const forms = new Set<string>([secret.value]);
  const [scheme, ...rest] = secret.value.split(' ');
  const credential = rest.join(' ');
  if (credential !== '') forms.add(credential);
  if (scheme?.toLowerCase() === 'basic' && credential !== '') {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    if (/^[\x20-\x7e]+$/.test(decoded)) {
      forms.add(decoded);
      const password = decoded.slice(decoded.indexOf(':') + 1);
      if (decoded.includes(':')) forms.add(password);
    }
  }
  for (const form of [...forms]) {
    forms.add(encodeURIComponent(form));
    forms.add(JSON.stringify(form).slice(1, -1));
  }
  return [...forms].filter((form) => form.length >= MIN_FRAGMENT);
}

/**
 * Removes every credential the run holds from any text it prints or saves, wherever it appears
 * (headers, bodies a target echoed, URLs, error messages): each becomes a `${ENV}` reference
 * to the variable that supplies it, so a printed command still runs after `export`.
 */
export class Redactor {
  private readonly replacements: Array<{ form: string; reference: string }>;

  constructor(readonly secrets: readonly Secret[]) {
    this.replacements = secrets
      .filter((s) => s.value !== '')
      .flatMap((secret) => formsOf(secret).map((form) => ({ form, reference: `\${${secret.env}}` })))
      // Longest first, so a whole credential is replaced before a fragment of it.
      .sort((a, b) => b.form.length - a.form.length);
  }

  text(value: string): string {
    let out = value;
    for (const { form, reference } of this.replacements) if (out.includes(form)) out = out.split(form).join(reference);
    return out;
  }

  /** A deep copy of a JSON-like value with every string redacted. */
  value<T>(value: T): T {
    if (typeof value === 'string') return this.text(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.value(v)) as T;
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.text(k), this.value(v)])) as T;
    }
    return value;
  }
}

function redactExchange(exchange: Exchange, secrets: readonly Secret[]): Exchange & { curl: string } {
  const headers = Object.fromEntries(
    Object.entries(exchange.request.headers).map(([k, v]) => [k, redactHeaderValue(v, secrets)]),
  );
  return {
    ...exchange,
    // The curl line is built from the real request, then credentials become `${ENV}` references.
    curl: toCurl(exchange.request, secrets),
    request: { ...exchange.request, headers },
  };
}

/** Reports never carry credentials: headers show `${ROOMKIT_TOKEN}`-style references, and so does any echo of them. */
export function redactViolation(violation: Violation, redactor: Redactor): Violation {
  const { secrets } = redactor;
  return redactor.value({
    ...violation,
    ...(violation.exchange === undefined ? {} : { exchange: redactExchange(violation.exchange, secrets) }),
    ...(violation.context === undefined
      ? {}
      : { context: violation.context.slice(-5).map((e) => redactExchange(e, secrets)) }),
  });
}
