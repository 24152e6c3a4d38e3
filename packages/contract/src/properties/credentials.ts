import { validRequest, type RequestValues } from '@roomkit/arbitraries';
import type { OperationInfo } from '@roomkit/openapi';
import fc from 'fast-check';
import type { Session } from '../session.js';
import type { OperationBinding } from './operations.js';
import { defineProperty, type PropertyDefinition } from './property.js';

export interface CredentialVariant {
  /** What is wrong with the Authorization header, for the report. */
  what: string;
  authorization: string;
}

/**
 * Authorization headers made from the run's own valid one that are still wrong: its credential
 * under another scheme, the scheme without a credential, and the credential followed by more
 * words (an Authorization carries one credential, RFC 7235 / RFC 6750).
 */
export function credentialVariants(authorization: string): CredentialVariant[] {
  const [scheme, credential, ...rest] = authorization.trim().split(/\s+/);
  if (scheme === undefined || credential === undefined || rest.length > 0) return [];
  const other = scheme.toLowerCase() === 'basic' ? 'Bearer' : 'Basic';
  return [
    { what: `the valid credential under the ${other} scheme`, authorization: `${other} ${credential}` },
    { what: `the ${scheme} scheme without a credential`, authorization: scheme },
    { what: 'the valid credential followed by another word', authorization: `${scheme} ${credential} roomkit-extra` },
  ];
}

/**
 * Malformed credentials are refused as the spec's authentication rule says (401): a target that
 * reads the Authorization header loosely (any scheme, an empty token, the first word of several)
 * lets in what it should not. One read-only request per variant.
 */
export function credentialsProperty(
  operation: OperationInfo,
  binding: OperationBinding,
): PropertyDefinition<CredentialVariant> {
  let variants: CredentialVariant[] = [];
  let values: RequestValues | undefined;
  return defineProperty<CredentialVariant>({
    name: 'credentials-variants',
    description:
      'The valid credential under another scheme, a scheme without a credential, and a credential followed by more words are each refused with 401.',
    requires: { validatesCredentials: true },
    reports: ['ignored_auth'],
    operations: [operation.operationId],
    runsFactor: 0.1,
    async setup(session: Session) {
      const primary = session.authHeaders('primary');
      variants = credentialVariants(primary['authorization'] ?? '');
      values = await positiveValues(session, operation, binding);
    },
    examples: () => variants,
    arbitrary: () => fc.constantFrom(...(variants.length > 0 ? variants : [undefined as unknown as CredentialVariant])),
    async run(session, variant) {
      if (variant === undefined || values === undefined) return;
      await session.call(operation.operationId, {
        path: text(values.path),
        query: text(values.query),
        headers: { ...text(values.headers), ...session.authHeaders('primary'), authorization: variant.authorization },
        ...(values.body === undefined ? {} : { json: values.body }),
        auth: 'none',
        intent: 'invalid-auth',
      });
    },
  });
}

/** One valid request of the operation (fixed seed), prepared against the target: credential variants change only its headers. */
export async function positiveValues(
  session: Session,
  operation: OperationInfo,
  binding: OperationBinding,
): Promise<RequestValues | undefined> {
  const options = { root: session.spec.doc, maxLength: 40, maxItems: 3, ...(await binding.options(operation)) };
  const sampled = fc.sample(validRequest(operation, options), { numRuns: 1, seed: 7 })[0]!;
  return (await binding.prepare(operation, { mode: 'positive', values: sampled, pick: 0 }))?.values;
}

/** Request values as the strings a path, query or header carries. */
export function text(record: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** The operation the credential variants are sent to: the first read, else the first operation with security. */
export function readOperation(operations: readonly OperationInfo[]): OperationInfo | undefined {
  const secured = operations.filter((o) => o.security.length > 0);
  return secured.find((o) => o.method === 'get') ?? secured[0];
}
