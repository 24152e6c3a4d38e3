/**
 * Whether an answer is one the spec documents, aspect by aspect: content type, headers, body
 * schema. The sandbox checks its own answers with these before it sends them, and the contract
 * suite's checks (content_type_conformance, response_headers_conformance,
 * response_schema_conformance) judge a target's answers with the same functions.
 *
 * The types are structural: @roomkit/openapi's `ResponseInfo` and `SpecValidator` fit them, and
 * this package needs no spec reader of its own.
 */

export interface SchemaIssue {
  path: string;
  message: string;
}

export interface SchemaValidator {
  validate(schemaPointer: string, data: unknown): { valid: boolean; errors: readonly SchemaIssue[] };
}

export interface DocumentedHeader {
  required: boolean;
  schemaPointer: string;
}

/** One documented response of an operation (`documentedResponse(op, status)` of @roomkit/openapi). */
export interface DocumentedResponse {
  status: string;
  contentTypes: readonly string[];
  headers: Readonly<Record<string, DocumentedHeader>>;
  schemaPointer?: string | undefined;
}

/** A header looked up without regard to case, as HTTP names compare. */
export function headerNamed(headers: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const key of Object.keys(headers)) if (key.toLowerCase() === wanted) return headers[key];
  return undefined;
}

/** `application/json` against a documented `application/json`, `application/*` or `*\/*`. */
export function mediaTypeMatches(actual: string, documented: string): boolean {
  const [type, subtype] = documented.toLowerCase().split('/');
  const [actualType, actualSubtype] = actual.toLowerCase().split('/');
  return (type === '*' || type === actualType) && (subtype === '*' || subtype === actualSubtype);
}

/**
 * Why a body sent as `mediaType` (the Content-Type without parameters) departs from the
 * documented response, or undefined when it is one of the documented media types.
 */
export function contentTypeProblem(documented: DocumentedResponse, mediaType: string | undefined): string | undefined {
  const listed = documented.contentTypes;
  if (listed.length === 0) return `a body (Content-Type ${mediaType ?? '(none)'}), where none is documented`;
  if (mediaType !== undefined && listed.some((m) => mediaTypeMatches(mediaType, m))) return undefined;
  return `Content-Type ${mediaType ?? '(none)'}; documented: ${listed.join(', ')}`;
}

export type HeaderProblem =
  | { header: string; kind: 'missing' }
  | { header: string; kind: 'invalid'; value: string; issues: readonly SchemaIssue[] };

/**
 * Every documented header that is required and absent, or present and not matching its schema.
 * Header values travel as text: one that spells a number (`Retry-After: 3`) is also checked as
 * that number, so an integer schema accepts it.
 */
export function headerProblems(
  validator: SchemaValidator,
  documented: DocumentedResponse,
  headers: Readonly<Record<string, string | undefined>>,
): HeaderProblem[] {
  const problems: HeaderProblem[] = [];
  for (const [name, header] of Object.entries(documented.headers)) {
    const value = headerNamed(headers, name);
    if (value === undefined) {
      if (header.required) problems.push({ header: name, kind: 'missing' });
      continue;
    }
    const numeric = Number(value);
    const candidates = value.trim() !== '' && Number.isFinite(numeric) ? [value, numeric] : [value];
    let issues: readonly SchemaIssue[] = [];
    for (const candidate of candidates) {
      const result = validator.validate(header.schemaPointer, candidate);
      if (result.valid) {
        issues = [];
        break;
      }
      issues = result.errors;
    }
    if (issues.length > 0) problems.push({ header: name, kind: 'invalid', value, issues });
  }
  return problems;
}

/** How a JSON body departs from the documented body schema (none when no schema is documented). */
export function bodySchemaIssues(
  validator: SchemaValidator,
  documented: DocumentedResponse,
  body: unknown,
): readonly SchemaIssue[] {
  if (documented.schemaPointer === undefined) return [];
  return validator.validate(documented.schemaPointer, body).errors;
}

/** A server's own answer, before it is written: headers as it will send them, the JSON body if any. */
export interface Answer {
  headers: Readonly<Record<string, string | undefined>>;
  /** The media type the body goes out as; undefined when there is no body. */
  mediaType?: string | undefined;
  body?: unknown;
}

/** Every way an answer departs from its documented response, one line each (empty: it conforms). */
export function answerProblems(validator: SchemaValidator, documented: DocumentedResponse, answer: Answer): string[] {
  const problems = bodySchemaIssues(validator, documented, answer.body).map((e) => `${e.path || 'body'} ${e.message}`);
  if (answer.body !== undefined) {
    const problem = contentTypeProblem(documented, answer.mediaType);
    if (problem !== undefined) problems.push(`content type: ${problem}`);
  }
  for (const p of headerProblems(validator, documented, answer.headers)) {
    problems.push(
      p.kind === 'missing'
        ? `header ${p.header} is required`
        : p.issues.map((e) => `header ${p.header} ${e.message}`).join('; '),
    );
  }
  return problems;
}
