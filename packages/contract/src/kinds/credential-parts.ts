// The `credential-parts` rule kind: where a security requirement combines several parts (Room
// Retrieve's app-id header and Authorization), every part is necessary: a request with one part
// missing or wrong, the others valid, is refused with the rule's status. Its rule and status read
// from the spec, and a pure verdict on the status that answered such a request. The
// credential-parts property (properties/credential-parts.ts) builds the variants and asks it.
import { rulesOfKind, type OpenApiDocument, type Rule } from '@roomkit/openapi';
import { refusalVerdict, type RefusalVerdict } from './verdict.js';

export type CredentialPartsRule = Extract<Rule, { kind: 'credential-parts' }>;

/** The spec's `credential-parts` rule, if it has one. */
export function credentialPartsRule(doc: OpenApiDocument): CredentialPartsRule | undefined {
  return rulesOfKind(doc, 'credential-parts')[0];
}

/**
 * The verdict on the status answering a request with one part of the credential missing or wrong:
 * `accepted` (it succeeded: the part was not necessary) or `wrong-status` (refused otherwise than
 * the rule says); undefined when refused as the rule says, and where the spec has no such rule.
 */
export function partVerdict(doc: OpenApiDocument, status: number | undefined): RefusalVerdict | undefined {
  const rule = credentialPartsRule(doc);
  return rule === undefined ? undefined : refusalVerdict([rule.status], status);
}
