// The `authentication` rule kind: a request without valid credentials (missing, malformed or
// wrong) is refused with the rule's status. Its rule and status read from the spec, and a pure
// verdict on the status that answered such a request. The checks of the registry that judge it
// (`missing_required_header`, `ignored_auth`) and both suites' preflights ask it. The sandbox
// enforces the same entry with code of its own.
import { ruleOf, type OpenApiDocument, type Rule } from '@roomkit/openapi';

export type AuthenticationRule = Extract<Rule, { kind: 'authentication' }>;

/** The spec's `authentication` rule (every spec here has one). */
export function authenticationRule(doc: OpenApiDocument): AuthenticationRule {
  return ruleOf(doc, 'authentication');
}

/** Whether a status is the one the spec refuses credentials with (a preflight's "check your token"). */
export function refusesCredentials(doc: OpenApiDocument, status: number | undefined): boolean {
  return status !== undefined && status === authenticationRule(doc).status;
}

/**
 * The verdict on the status answering a request sent without valid credentials: the status the
 * rule expects when the answer is another one, undefined when it is the rule's (or no answer came:
 * the checks that judge every answer report that).
 */
export function unauthenticatedVerdict(
  doc: OpenApiDocument,
  status: number | undefined,
): { expected: number } | undefined {
  const expected = authenticationRule(doc).status;
  return status === undefined || status === expected ? undefined : { expected };
}
