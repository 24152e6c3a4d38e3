// The `tenancy` rule kind: another organization's credentials can neither read, list, update,
// delete nor create under an organization's items; each request is refused with one of the
// rule's statuses and changes nothing. Its rule and statuses read from the spec, and a pure
// verdict on the answer to a request made with the other organization's credentials. The
// sandbox enforces the same entry with code of its own.
import { rulesOfKind, type OpenApiDocument, type Rule } from '@roomkit/openapi';
import { refusalVerdict, type RefusalVerdict } from './verdict.js';

export type TenancyRule = Extract<Rule, { kind: 'tenancy' }>;

/** The spec's `tenancy` rule, if it has one. */
export function tenancyRule(doc: OpenApiDocument): TenancyRule | undefined {
  return rulesOfKind(doc, 'tenancy')[0];
}

/**
 * The verdict on the status answering a request made with another organization's credentials:
 * `accepted` when it succeeded (the item was read, changed or created under), `wrong-status` when
 * it was refused with a status the rule does not name, undefined when it was refused as the rule
 * says. No answer, and a 5xx, are left to the checks that judge every answer.
 */
export function crossTenantVerdict(doc: OpenApiDocument, status: number | undefined): RefusalVerdict | undefined {
  const rule = tenancyRule(doc);
  return rule === undefined ? undefined : refusalVerdict(rule.statuses, status);
}
