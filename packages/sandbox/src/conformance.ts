// Whether an answer the sandbox is about to send is one the spec documents: the documented
// status, then content type, body schema and headers, judged by @roomkit/http-runtime's
// conformance (the contract suite judges a target's answers with the same functions).
import { answerProblems as responseProblems } from '@roomkit/http-runtime';
import { documentedResponse, type OperationInfo, type SpecValidator } from '@roomkit/openapi';
import type { Outgoing } from './hooks.js';
import { mediaTypeOf } from './http-io.js';

/** Every way the answer departs from the operation's documented responses (empty: conforms). */
export function answerProblems(validator: SpecValidator, op: OperationInfo, out: Outgoing): string[] {
  const documented = documentedResponse(op, out.status);
  if (documented === undefined) return [`status ${out.status} is not documented for ${op.operationId}`];
  return responseProblems(validator, documented, {
    headers: out.headers,
    mediaType: mediaTypeOf(out),
    body: out.body,
  });
}
