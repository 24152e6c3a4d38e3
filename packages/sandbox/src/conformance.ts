// Whether an answer is one the spec documents: status, content type, body schema, headers.
import { documentedResponse, type OperationInfo, type SpecValidator } from '@roomkit/openapi';
import type { Outgoing } from './faults.js';

/** Every way the answer departs from the operation's documented responses (empty: conforms). */
export function answerProblems(validator: SpecValidator, op: OperationInfo, out: Outgoing): string[] {
  const problems = validator
    .responseBody(op.operationId, out.status, out.body)
    .errors.map((e) => `${e.path || 'body'} ${e.message}`);
  const documented = documentedResponse(op, out.status);
  if (out.body !== undefined && documented && !documented.contentTypes.includes('application/json')) {
    problems.push(
      `content type application/json is not documented (${documented.contentTypes.join(', ') || 'no body'})`,
    );
  }
  for (const [name, h] of Object.entries(documented?.headers ?? {})) {
    const key = Object.keys(out.headers).find((k) => k.toLowerCase() === name.toLowerCase());
    if (key === undefined) {
      if (h.required) problems.push(`header ${name} is required`);
      continue;
    }
    const raw = out.headers[key]!;
    // Header values travel as text; a numeric schema (Retry-After) is checked on the number.
    const numeric =
      /^(integer|number)$/.test(String((h.schema as { type?: unknown }).type)) && /^-?\d+(\.\d+)?$/.test(raw);
    for (const e of validator.validate(h.schemaPointer, numeric ? Number(raw) : raw).errors)
      problems.push(`header ${name} ${e.message}`);
  }
  return problems;
}
