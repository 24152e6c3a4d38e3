// The `rejects-parameter` rule kind: a list refuses a parameter value it cannot honour (a page size
// out of range, a malformed nextToken, a nextToken issued for another list or parent) with a
// documented 4xx. Its rules and status read from the spec, the values that break it (from the
// documented bounds), and a pure verdict on the answer. The pagination-invalid-input property
// sends them.
import { ruleOf, type OpenApiDocument, type Rule } from '@roomkit/openapi';

export type RejectsParameterRule = Extract<Rule, { kind: 'rejects-parameter' }>;
export type RejectedValues = RejectsParameterRule['values'];

/** The spec's rule for one kind of value a list refuses. */
export function rejectsParameterRule(doc: OpenApiDocument, values: RejectedValues): RejectsParameterRule {
  return ruleOf(doc, 'rejects-parameter', (r) => r.values === values);
}

/** The page sizes just outside the documented range: one below the minimum, one above the maximum. */
export function outOfRangePageSizes(bounds: { pageSizeMinimum: number; pageSizeMaximum: number }): {
  below: number;
  above: number;
} {
  return { below: bounds.pageSizeMinimum - 1, above: bounds.pageSizeMaximum + 1 };
}

/**
 * Whether the answer to a value the rule refuses breaks it: any answer below 400 took the value.
 * A 4xx keeps it (the rule names the documented one; which 4xx is the status checks' to judge),
 * and no answer or a 5xx is left to the checks that judge every answer.
 */
export function tookRefusedValue(status: number | undefined): boolean {
  return status !== undefined && status < 400;
}
