// The `unknown-input-fails` rule kind (Room Retrieve's unknown channel hotel): a request naming a
// thing the target does not know, in the rule's field, is answered with a failure (the rule's
// status and error code), never a success. Its rule read from the spec, the request that names an
// unknown value, and a pure verdict on the answer. The room-retrieve property sends it.
import { ruleOf, type OpenApiDocument, type Rule } from '@roomkit/openapi';

export type UnknownInputFailsRule = Extract<Rule, { kind: 'unknown-input-fails' }>;

/** The spec's `unknown-input-fails` rule (Room Retrieve has one). */
export function unknownInputRule(doc: OpenApiDocument): UnknownInputFailsRule {
  return ruleOf(doc, 'unknown-input-fails');
}

/** A known request body with the rule's field set to a value no target knows (marked as roomkit's). */
export function unknownInputBody(
  rule: UnknownInputFailsRule,
  known: Readonly<Record<string, unknown>>,
  suffix: string,
): Record<string, unknown> {
  return { ...known, [rule.field]: `roomkit-unknown-${suffix}` };
}

/** Whether the answer to an unknown value breaks the rule: a success. */
export function succeededOnUnknown(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}
