// An answer served straight from the spec, the way Prism serves examples: the response's
// status, its documented example body and the examples of its documented headers.
import { deref, resolvePointer, type BodyAnswer, type OpenApiDocument, type OperationInfo } from '@roomkit/openapi';

export interface DocumentedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Obj = Record<string, unknown>;

/** The answer `answer` names for `op`; a spec that does not document it is an error at start-up, not per request. */
export function documentedAnswer(doc: OpenApiDocument, op: OperationInfo, answer: BodyAnswer): DocumentedAnswer {
  const where = `${op.operationId} (x-roomkit-request-body)`;
  const response = op.responses[String(answer.status)];
  if (!response) throw new Error(`${where}: the operation takes a body but documents no ${answer.status} response.`);
  const json = response.contentTypes.find((t) => t === 'application/json' || t.endsWith('+json'));
  if (!json) throw new Error(`${where}: its ${answer.status} response has no JSON content.`);
  const raw = resolvePointer(doc, response.pointer) as Obj;
  const media = ((raw.content as Obj)[json] ?? {}) as Obj;
  const examples = (media.examples ?? {}) as Obj;

  let body: unknown;
  if (answer.example !== undefined) {
    const named = examples[answer.example];
    if (named === undefined) {
      throw new Error(`${where}: its ${answer.status} response has no example named "${answer.example}".`);
    }
    body = deref<Obj>(doc, named, response.pointer).value.value;
  } else if (media.example !== undefined) {
    body = media.example;
  } else {
    throw new Error(`${where}: its ${answer.status} response has no example; name one with "example".`);
  }

  const headers: Record<string, string> = { 'Content-Type': json };
  for (const [name, rawHeader] of Object.entries((raw.headers ?? {}) as Obj)) {
    const header = deref<Obj>(doc, rawHeader, response.pointer).value;
    const schema = (header.schema ?? {}) as Obj;
    const value = header.example ?? schema.example ?? (Array.isArray(schema.examples) ? schema.examples[0] : undefined);
    if (value !== undefined) headers[name] = String(value);
  }
  return { status: answer.status, headers, body: JSON.stringify(body) };
}
