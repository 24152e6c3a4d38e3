import { mediaTypeOf, parseJsonBody } from '../http/exchange.js';
import { operationPointer } from '../openapi/pointer.js';
import { unauthenticatedVerdict } from '../kinds/authentication.js';
import { goneStatus } from '../kinds/gone-after-delete.js';
import { bodySchemaIssues, contentTypeProblem, headerProblems } from '@roomkit/http-runtime';
import { describeSchemaError, describeSchemaErrors, documentedResponse, resourceOf } from '@roomkit/openapi';
import type { Check, CheckInput, Finding } from './types.js';

function statusText(input: CheckInput): string {
  const { request, response } = input.exchange;
  return `${request.method} ${new URL(request.url).pathname} answered ${response?.status ?? 'nothing'}`;
}

function finding(input: CheckInput, message: string, ...tokens: Array<string | number>): Finding {
  return { message, location: operationPointer(input.operation.path, input.operation.method, ...tokens) };
}

/**
 * A 503 the operation documents (Room Retrieve's answer to a failure on the vendor's side, with
 * Retry-After): a temporary refusal the spec names, taken as a throttled answer is (the transport
 * backs off on it), and judged by the conformance checks like any documented answer.
 */
const SERVICE_UNAVAILABLE = '503';

export const notAServerError: Check = {
  name: 'not_a_server_error',
  description: 'The target never answers with a 5xx (or not at all), except a 503 the operation documents.',
  run(input) {
    const { response, error } = input.exchange;
    if (response === undefined) return finding(input, `no response: ${error ?? 'unknown error'}`);
    if (String(response.status) === SERVICE_UNAVAILABLE && input.operation.responses[SERVICE_UNAVAILABLE])
      return undefined;
    if (response.status >= 500) return finding(input, `${statusText(input)}: server error`, 'responses');
    return undefined;
  },
};

export const statusCodeConformance: Check = {
  name: 'status_code_conformance',
  description: 'The status code is one the operation documents.',
  run(input) {
    const { response } = input.exchange;
    if (response === undefined) return undefined;
    if (documentedResponse(input.operation, response.status) !== undefined) return undefined;
    return finding(
      input,
      `${statusText(input)}, which ${input.operation.operationId} does not document (documented: ${Object.keys(input.operation.responses).join(', ')})`,
      'responses',
    );
  },
};

export const contentTypeConformance: Check = {
  name: 'content_type_conformance',
  description: 'A response body comes with a Content-Type the operation documents for that status.',
  run(input) {
    const { response } = input.exchange;
    if (response === undefined || response.text === '') return undefined;
    const documented = documentedResponse(input.operation, response.status);
    if (documented === undefined) return undefined;
    if (documented.contentTypes.length === 0) return undefined;
    const mediaType = mediaTypeOf(response.headers);
    const problem =
      contentTypeProblem(documented, mediaType) ?? charsetProblem(mediaType, response.headers['content-type']);
    if (problem === undefined) return undefined;
    return finding(input, `${statusText(input)} with ${problem}`, 'responses', documented.status, 'content');
  },
};

/**
 * Media-type parameters are allowed, but a JSON body's charset, when one is named, is UTF-8:
 * JSON text exchanged between systems is UTF-8 (RFC 8259), and a client that decodes by the
 * label would garble every non-ASCII character.
 */
function charsetProblem(mediaType: string | undefined, header: string | undefined): string | undefined {
  if (mediaType === undefined || !/^application\/(json|[^;]+\+json)$/.test(mediaType)) return undefined;
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(header ?? '')?.[1];
  if (charset === undefined || /^utf-?8$/i.test(charset)) return undefined;
  return `Content-Type ${header}: JSON is UTF-8 (RFC 8259), so a body labelled charset=${charset} is decoded wrongly`;
}

export const responseHeadersConformance: Check = {
  name: 'response_headers_conformance',
  description: 'Every header the response documents as required is present and matches its schema.',
  run(input) {
    const { response } = input.exchange;
    if (response === undefined) return undefined;
    const documented = documentedResponse(input.operation, response.status);
    if (documented === undefined) return undefined;
    const [problem] = headerProblems(input.spec, documented, response.headers);
    if (problem === undefined) return undefined;
    return finding(
      input,
      problem.kind === 'missing'
        ? `${statusText(input)} without the required header ${problem.header}`
        : `${statusText(input)} with header ${problem.header}: ${JSON.stringify(problem.value)} that does not match its schema`,
      'responses',
      documented.status,
      'headers',
      problem.header,
    );
  },
};

export const responseSchemaConformance: Check = {
  name: 'response_schema_conformance',
  description: 'A JSON response body validates against the schema documented for its status.',
  run(input) {
    const { response } = input.exchange;
    if (response === undefined) return undefined;
    const documented = documentedResponse(input.operation, response.status);
    if (documented === undefined) return undefined;
    const schema = documented.schemaPointer;
    if (schema === undefined || response.truncatedAt !== undefined) return undefined; // response_size_within_limit reports it
    const jsonType = documented.contentTypes.find((m) => /json/i.test(m)) ?? 'application/json';
    if (response.text === '') {
      // Error bodies are often dropped by gateways; a documented success body is a promise.
      if (response.status >= 300) return undefined;
      return finding(
        input,
        `${statusText(input)} with an empty body; a ${jsonType} body is documented`,
        'responses',
        documented.status,
        'content',
        jsonType,
        'schema',
      );
    }
    if (response.json === undefined) {
      if (mediaTypeOf(response.headers)?.includes('json') === false) return undefined; // content_type_conformance reports it
      return finding(
        input,
        `${statusText(input)} with a body that is not JSON: ${response.text.slice(0, 120)}`,
        'responses',
        documented.status,
        'content',
        jsonType,
        'schema',
      );
    }
    const issues = bodySchemaIssues(input.spec, documented, response.json);
    if (issues.length === 0) return undefined;
    const detail = issues
      .slice(0, 3)
      .map((e) => describeSchemaError({ ...e, path: `/body${e.path}` }))
      .join('; ');
    return finding(
      input,
      `${statusText(input)} with a body that does not match the schema: ${detail}`,
      'responses',
      documented.status,
      'content',
      jsonType,
      'schema',
    );
  },
};

/** Why the spec forbids a request, as far as its body tells: " (body field name must …)", or nothing. */
function whyForbidden(input: CheckInput): string {
  const pointer = input.operation.requestBody?.schemaPointer;
  const text = input.exchange.request.body;
  if (pointer === undefined || text === undefined) return '';
  const body = parseJsonBody(text);
  if (body === undefined) return ' (the body is not valid JSON)';
  const errors = input.spec.validate(pointer, body).errors;
  return errors.length === 0
    ? ''
    : ` (${describeSchemaErrors(
        errors.map((e) => ({ ...e, path: `/body${e.path}` })),
        2,
      )})`;
}

export const negativeDataRejection: Check = {
  name: 'negative_data_rejection',
  description: 'A request that breaks the schema (type, range, pattern, required) is rejected with a 4xx.',
  intents: ['negative'],
  run(input) {
    const status = input.exchange.response?.status;
    if (status === undefined || (status >= 400 && status < 500) || status >= 500) return undefined;
    return finding(
      input,
      `${statusText(input)} to a request the spec forbids${whyForbidden(input)}; expected a 4xx`,
      'requestBody',
    );
  },
};

export const positiveDataAcceptance: Check = {
  name: 'positive_data_acceptance',
  description: 'A request that conforms to the schema (and to the current state) is accepted with a 2xx.',
  intents: ['positive'],
  run(input) {
    const status = input.exchange.response?.status;
    if (status === undefined || (status >= 200 && status < 300) || status >= 500) return undefined;
    const body = input.exchange.response?.text.slice(0, 160) ?? '';
    return finding(
      input,
      `${statusText(input)} to a request the spec allows; expected a 2xx (body: ${body})`,
      'responses',
    );
  },
};

/** The status the spec's `authentication` rule promises for refused credentials. */
function expectsRefusal(name: string, what: string): Check {
  return {
    name,
    description: `A request with ${what} credentials is refused with the status of the spec's authentication rule (401).`,
    intents: [name === 'missing_required_header' ? 'missing-auth' : 'invalid-auth'],
    judges: 'authentication',
    run(input) {
      // The authentication kind reads the status from the spec and judges the answer.
      const verdict = unauthenticatedVerdict(input.spec.doc, input.exchange.response?.status);
      if (verdict === undefined) return undefined;
      return {
        message: `${statusText(input)} to a request with ${what} credentials; expected ${verdict.expected}`,
        location: '#/security',
      };
    },
  };
}

export const missingRequiredHeader = expectsRefusal('missing_required_header', 'missing');
export const ignoredAuth = expectsRefusal('ignored_auth', 'invalid');

export const useAfterFree: Check = {
  name: 'use_after_free',
  description: "A resource that was deleted answers the spec's gone-after-delete status (404) afterwards.",
  intents: ['after-delete'],
  judges: 'gone-after-delete',
  run(input) {
    const status = input.exchange.response?.status;
    // The gone-after-delete kind reads the status from the spec.
    const expected = goneStatus(input.spec.doc);
    if (status === undefined || expected === undefined || status === expected) return undefined;
    return finding(
      input,
      `${statusText(input)} after the resource was deleted; expected ${expected}`,
      'responses',
      String(expected),
    );
  },
};

/** The success status an operation documents (its one 2xx). */
function successOf(operation: CheckInput['operation']): string | undefined {
  return Object.keys(operation.responses).find((status) => /^2\d\d$/.test(status));
}

function createdId(body: unknown): string | undefined {
  const id = (body as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

export const ensureResourceAvailability: Check = {
  name: 'ensure_resource_availability',
  description: 'A created resource can be fetched at its Location, and the Location names the created id.',
  intents: ['after-create'],
  run(input) {
    const { response } = input.exchange;
    const cause = input.cause?.response;
    if (response === undefined) return undefined;
    const id = createdId(cause?.json);
    const location = cause?.headers['location'];
    const created =
      input.cause?.operationId === undefined ? undefined : successOf(input.spec.operation(input.cause.operationId));
    if (id !== undefined && location !== undefined && !safeDecode(location).endsWith(`/${id}`)) {
      return finding(
        input,
        `the create answered id ${id} but Location ${location}, which names another resource`,
        'responses',
        created ?? 'default',
        'headers',
        'Location',
      );
    }
    const readable = successOf(input.operation);
    if (String(response.status) !== readable)
      return finding(
        input,
        `${statusText(input)} when the created resource was read back (within --consistency-wait); expected ${readable}`,
        'responses',
        readable ?? 'default',
      );
    return undefined;
  },
};

export const locationNamesCreatedResource: Check = {
  name: 'location_names_created_resource',
  description:
    "A create's Location, resolved against the request's URL (relative or absolute), is the URL of the created item: its get operation's path with the created id.",
  run(input) {
    const { request, response } = input.exchange;
    if (response === undefined || response.status < 200 || response.status >= 300) return undefined;
    const location = response.headers['location'];
    if (location === undefined) return undefined; // response_headers_conformance reports a missing one
    const found = resourceOf(input.spec.doc, input.operation.operationId);
    const id = createdId(response.json);
    if (found?.action !== 'create' || id === undefined) return undefined;
    const get = input.spec.operation(found.resource.operations.get);
    const requestPath = new URL(request.url).pathname;
    // The server's base path: what precedes the operation's own path in the request URL.
    const own = new RegExp(
      `${input.operation.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
    );
    const base = requestPath.replace(own, '');
    const expected = base + get.path.replace(`{${found.resource.idParameter}}`, encodeURIComponent(id));
    let resolved: string;
    try {
      resolved = new URL(location, request.url).pathname;
    } catch {
      resolved = '(not a URL)';
    }
    if (safeDecode(resolved) === safeDecode(expected)) return undefined;
    return finding(
      input,
      `${statusText(input)} with Location ${location}, which resolves to ${resolved}; the created item ${id} is at ${expected}`,
      'responses',
      String(response.status),
      'headers',
      'Location',
    );
  },
};

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export const responseSizeWithinLimit: Check = {
  name: 'response_size_within_limit',
  description: 'A response body fits in --max-body; a longer one is cut there, unchecked, and reported.',
  run(input) {
    const { response } = input.exchange;
    if (response?.truncatedAt === undefined) return undefined;
    return finding(
      input,
      `${statusText(input)} with a body longer than --max-body (${response.truncatedAt} bytes): reading stopped there and the connection was dropped, so the body was not checked. Raise --max-body if such bodies are legitimate.`,
      'responses',
    );
  },
};

export const createdResourceIsNew: Check = {
  name: 'created_resource_is_new',
  description:
    'A create answers the id of the resource it made: one the target never showed before, which reads back as what was sent.',
  run(input) {
    const ownership = input.exchange.ownership;
    if (!input.target.stateful || ownership?.verdict !== 'foreign') return undefined;
    const recovered =
      ownership.recoveredId === undefined
        ? ''
        : ` (the resource it made is ${ownership.recoveredId}, found by its name; the run never writes to ${ownership.id})`;
    return finding(
      input,
      `create answered with an id this run did not create: ${ownership.reason ?? ''}${recovered}`,
      'responses',
    );
  },
};

/** Every check, in report order. `--checks` selects among these names and the rule names. */
export const checks: readonly Check[] = [
  notAServerError,
  statusCodeConformance,
  contentTypeConformance,
  responseHeadersConformance,
  responseSchemaConformance,
  negativeDataRejection,
  positiveDataAcceptance,
  missingRequiredHeader,
  ignoredAuth,
  useAfterFree,
  ensureResourceAvailability,
  locationNamesCreatedResource,
  createdResourceIsNew,
  responseSizeWithinLimit,
];

export function runChecks(
  input: CheckInput,
  enabled: (name: string) => boolean,
): Array<{ check: Check; finding: Finding }> {
  const out: Array<{ check: Check; finding: Finding }> = [];
  for (const check of checks) {
    if (!enabled(check.name)) continue;
    if (check.intents !== undefined && !check.intents.includes(input.intent)) continue;
    const result = check.run(input);
    if (result !== undefined) out.push({ check, finding: result });
  }
  return out;
}
