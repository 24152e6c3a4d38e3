import type { RequestValues } from '@roomkit/arbitraries';
import { securitySchemes, type OperationInfo, type SecurityScheme } from '@roomkit/openapi';
import fc from 'fast-check';
import { credentialPartsRule, partVerdict } from '../kinds/credential-parts.js';
import type { Session } from '../session.js';
import { positiveValues, text } from './credentials.js';
import type { OperationBinding } from './operations.js';
import { defineProperty, type PropertyDefinition } from './property.js';

export interface PartVariant {
  /** What is wrong, for the report ("app-id missing"). */
  what: string;
  /** The run's own valid headers with one part missing or wrong. */
  headers: Record<string, string>;
}

/** The header a scheme's credential travels in (lower case), when it travels in a header. */
function headerOf(scheme: SecurityScheme | undefined): string | undefined {
  if (scheme?.type === 'apiKey') return scheme.in === 'header' ? scheme.name.toLowerCase() : undefined;
  return scheme?.type === 'http' ? 'authorization' : undefined;
}

/**
 * For the security requirement of `operation` that combines several parts and that the run's
 * credentials meet (every part sent; an HTTP scheme the one Authorization names), the run's own
 * headers with each part in turn missing, then wrong (the target's invalid credential for that
 * header, where it has one) while the others stay valid. Read from the
 * spec's security and securitySchemes, so no header name is written here.
 */
export function credentialPartVariants(
  schemes: Record<string, SecurityScheme>,
  operation: OperationInfo,
  primary: Record<string, string>,
  invalid: Record<string, string>,
): PartVariant[] {
  const lower = (headers: Record<string, string>) =>
    Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  const sent = lower(primary);
  const wrongs = lower(invalid);
  const met = operation.security.find((requirement) => {
    const ids = Object.keys(requirement);
    return (
      ids.length >= 2 &&
      ids.every((id) => {
        const scheme = schemes[id];
        const header = headerOf(scheme);
        if (header === undefined || sent[header] === undefined) return false;
        return scheme?.type !== 'http' || sent[header].split(' ')[0]!.toLowerCase() === scheme.scheme;
      })
    );
  });
  if (met === undefined) return [];
  return Object.keys(met).flatMap((id) => {
    const header = headerOf(schemes[id])!;
    const { [header]: valid, ...others } = sent;
    // The target's own well-formed wrong credential where it has one (Authorization), else a made-up key.
    const wrong =
      wrongs[header] !== undefined && wrongs[header] !== valid ? wrongs[header] : 'roomkit-invalid-credential';
    return [
      { what: `${header} missing (the other parts valid)`, headers: others },
      { what: `${header} wrong (the other parts valid)`, headers: { ...others, [header]: wrong } },
    ];
  });
}

/**
 * Every part of a credential is necessary (the spec's credential-parts rule): a read with one
 * part of the run's valid credentials missing or wrong is refused with the rule's status. Absent
 * (an empty list) where no security requirement combines several parts.
 */
export function credentialPartsProperties(
  session: Session,
  operation: OperationInfo | undefined,
  binding: OperationBinding,
): PropertyDefinition<PartVariant>[] {
  const rule = credentialPartsRule(session.spec.doc);
  if (rule === undefined || operation === undefined) return [];
  const variants = credentialPartVariants(
    securitySchemes(session.spec.doc),
    operation,
    session.authHeaders('primary'),
    session.authHeaders('invalid'),
  );
  if (variants.length === 0) return [];
  let values: RequestValues | undefined;
  return [
    defineProperty<PartVariant>({
      name: 'credential-parts',
      description: `Each part of a credential that combines several (${operation.operationId}) is necessary: one missing or wrong is refused with ${rule.status}.`,
      requires: { validatesCredentials: true },
      reports: [rule.name],
      runsFactor: 0.1,
      async setup(current: Session) {
        values = await positiveValues(current, operation, binding);
      },
      examples: () => variants,
      arbitrary: () => fc.constantFrom(...variants),
      async run(current, variant) {
        if (values === undefined) return;
        const exchange = await current.call(operation.operationId, {
          path: text(values.path),
          query: text(values.query),
          headers: { ...text(values.headers), ...variant.headers },
          ...(values.body === undefined ? {} : { json: values.body }),
          auth: 'none',
        });
        // The credential-parts kind judges the answer.
        const verdict = partVerdict(current.spec.doc, exchange.response?.status);
        if (verdict === undefined) return;
        current.rule(
          rule.name,
          `${operation.operationId} with ${variant.what} answered ${exchange.response?.status}; every part of the credential is necessary, expected ${verdict.expected}`,
          `${operation.pointer}/security`,
          exchange,
        );
      },
    }),
  ];
}
