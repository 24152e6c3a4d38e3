// Probes of what HTTP leaves to the server and the spec states as rules (the protocol rule kinds
// of @roomkit/openapi): an undocumented method on a documented path, an undocumented path under
// the base path, a body at the size limit and one byte over it, a body without Content-Type or
// under a media type the operation does not document, a
// lone UTF-16 surrogate in a string. Every probe goes through the transport (guard, ledger,
// budget, redaction) and can change nothing but what the run created: undocumented requests are
// GETs, bodies go to an operation the suite names (a Room Retrieve read, an update of the run's
// own property). Statuses, limits and schemas are read from the spec.
import {
  requestBodyPolicy,
  rulesOfKind,
  type BodySizeLimitRule,
  type ContentTypeRequiredRule,
  type LoneSurrogateRule,
  type MalformedBodyRule,
  type OperationInfo,
  type UndocumentedMethodRule,
  type UndocumentedPathRule,
} from '@roomkit/openapi';
import fc from 'fast-check';
import type { Exchange } from '../http/exchange.js';
import type { RequestSpec } from '../http/transport.js';
import { paddedJson, refusedForNoLength, sizedBodies, sizeVerdict } from '../kinds/body-size-limit.js';
import { contentTypeProbes, withMediaType } from '../kinds/content-type-required.js';
import { keptExactly, surrogateAnswer, withLoneSurrogate } from '../kinds/lone-surrogate.js';
import { cutShort } from '../kinds/malformed-body.js';
import { spoiledBodyTaken } from '../kinds/refused-body.js';
import { allowVerdict, undocumentedMethodProbes } from '../kinds/undocumented-method.js';
import { basePathOf, probePath } from '../kinds/undocumented-path.js';
import { specPointer } from '../openapi/pointer.js';
import { expandPath, type Session } from '../session.js';
import { defineProperty, type PropertyDefinition } from './property.js';

/** The run's own valid request of one operation, built on demand (creating what it needs). */
export interface BodyProbeRequest {
  path: Record<string, string>;
  body: Record<string, unknown>;
  /** Reads back what the request stored (an update's item), where it stores something. */
  readBack?: () => Promise<Exchange>;
  /** The text field a probe may put a string into, and how to find it in the read-back. */
  textField?: string;
  /** Removes what `prepare` created. */
  cleanup?: () => Promise<void>;
}

/** Per operation a protocol rule names: how the suite builds a request of it that is safe to send. */
export type BodyProbes = Readonly<Record<string, (session: Session) => Promise<BodyProbeRequest>>>;

/** The documented success statuses of an operation (the 2xx keys of its responses). */
function successStatuses(operation: OperationInfo): number[] {
  return Object.keys(operation.responses)
    .filter((status) => /^2\d\d$/.test(status))
    .map(Number);
}

/** Why a body does not have the rule's schema, or nothing (no schema named: any body). */
function schemaProblem(session: Session, schema: string | undefined, exchange: Exchange): string | undefined {
  if (schema === undefined) return undefined;
  const result = session.spec.validate(`#/components/schemas/${schema}`, exchange.response?.json);
  if (result.valid) return undefined;
  const [error] = result.errors;
  return `its body is not a ${schema} (${error?.path || '/'} ${error?.message ?? 'is invalid'})`;
}

/**
 * Reports an undocumented request (a GET, no body) the target never answered: the connection
 * dropped twice (the transport sends once more on a new connection after the first drop) or no
 * complete answer came within the timeout. Whatever the rule's status, no answer at all breaks it;
 * a documented operation's unanswered request is not_a_server_error's, but these requests name no
 * operation. The answer's status, or undefined when there was none (reported).
 */
function answeredStatus(
  current: Session,
  rule: { name: string },
  request: string,
  expected: string,
  exchange: Exchange,
): number | undefined {
  if (exchange.response !== undefined) return exchange.response.status;
  current.rule(
    rule.name,
    `${request} got no answer (${exchange.error ?? 'no response'}); ${expected}`,
    rulePointer(rule.name),
    exchange,
  );
  return undefined;
}

function rulePointer(name: string): string {
  return specPointer('x-roomkit-rules', name);
}

function undocumentedMethod(session: Session, rule: UndocumentedMethodRule): PropertyDefinition | undefined {
  const probes = undocumentedMethodProbes(session.spec.operations);
  if (probes.length === 0) return undefined;
  return defineProperty({
    name: 'undocumented-method',
    description: `A method the spec does not document on a documented path answers ${rule.status} with ${rule.header} listing the documented methods.`,
    requires: { stateful: true },
    reports: [rule.name],
    runsFactor: 0.1,
    examples: () => probes,
    arbitrary: () => fc.constantFrom(...probes),
    async run(current, probe) {
      const exchange = await current.transport.send({
        method: probe.method,
        path: probe.path,
        headers: current.authHeaders('primary'),
      });
      const request = `${probe.method} ${probe.path} (documented: ${probe.documented.join(', ')})`;
      const expected = `an undocumented method answers ${rule.status}`;
      const status = answeredStatus(current, rule, request, expected, exchange);
      if (status === undefined) return;
      const said = `${request} answered ${status}`;
      // The undocumented-method kind judges the status and the header; the rule's schema the body.
      const header = exchange.response!.headers[rule.header.toLowerCase()];
      const verdict = allowVerdict(rule, { status, header }, probe.method, probe.documented);
      if (verdict?.kind === 'status') {
        current.rule(rule.name, `${said}; ${expected}`, rulePointer(rule.name), exchange);
        return;
      }
      const problem = verdict?.problem ?? schemaProblem(current, rule.schema, exchange);
      if (problem !== undefined)
        current.rule(
          rule.name,
          `${said} ${problem}; ${rule.header} lists the documented methods`,
          rulePointer(rule.name),
          exchange,
        );
    },
  });
}

function undocumentedPath(session: Session, rule: UndocumentedPathRule): PropertyDefinition {
  const base = basePathOf(session.spec.operations.map((op) => op.path));
  return defineProperty<null>({
    name: 'undocumented-path',
    description: `A path under ${base} that the spec does not document answers ${rule.status}${rule.schema === undefined ? '' : ` in the ${rule.schema} shape`}.`,
    requires: { stateful: true },
    reports: [rule.name],
    runsFactor: 0.1,
    examples: () => [null],
    arbitrary: () => fc.constant(null),
    async run(current) {
      // A name no vendor serves: the run's own prefix (recognisable in the vendor's logs).
      const path = probePath(base, current.ledger.name('undocumented-path'));
      const exchange = await current.transport.send({ method: 'GET', path, headers: current.authHeaders('primary') });
      const request = `GET ${path}, a path the spec does not document,`;
      const expected = `expected ${rule.status}${rule.schema === undefined ? '' : ` in the ${rule.schema} shape`}`;
      const status = answeredStatus(current, rule, request, expected, exchange);
      if (status === undefined) return;
      const problem = status !== rule.status ? `answered ${status}` : schemaProblem(current, rule.schema, exchange);
      if (problem !== undefined)
        current.rule(rule.name, `${request} ${problem}; ${expected}`, rulePointer(rule.name), exchange);
    },
  });
}

/**
 * One property per operation `rule` names that the suite can probe: each run builds the run's own
 * valid request (`probes`), hands it to `run` with the drawn input, and removes what it built.
 */
function perOperation<T>(
  rule: { name: string; operations: readonly string[] },
  probes: BodyProbes,
  what: { property: string; description: (operationId: string) => string; inputs: readonly T[] },
  run: (current: Session, operationId: string, request: BodyProbeRequest, input: T) => Promise<void>,
): PropertyDefinition[] {
  return rule.operations.flatMap((operationId) => {
    const prepare = probes[operationId];
    if (prepare === undefined) return [];
    return [
      defineProperty<T>({
        name: what.property,
        description: what.description(operationId),
        requires: { stateful: true },
        reports: [rule.name],
        operations: [operationId],
        runsFactor: 0.1,
        examples: () => [...what.inputs],
        arbitrary: () => fc.constantFrom(...what.inputs),
        async run(current, input) {
          const request = await prepare(current);
          try {
            await run(current, operationId, request, input);
          } finally {
            await request.cleanup?.();
          }
        },
      }),
    ];
  });
}

/**
 * The run's own request of `operation` (its path from `request`) with the body and framing `body`
 * gives, sent through the transport as it is: no Content-Type or length is added or fixed.
 */
function sendOwn(
  current: Session,
  operation: OperationInfo,
  request: BodyProbeRequest,
  body: Partial<RequestSpec>,
): Promise<Exchange> {
  return current.transport.send({
    ...body,
    operationId: operation.operationId,
    method: operation.method,
    path: expandPath(operation.path, request.path),
    headers: { ...current.authHeaders('primary'), ...body.headers },
  });
}

function bodySizeLimit(session: Session, rule: BodySizeLimitRule, probes: BodyProbes): PropertyDefinition[] {
  const policy = requestBodyPolicy(session.spec.doc);
  if (policy === undefined) throw new Error(`rule ${rule.name} needs x-roomkit-request-body (maxBytes, tooLarge)`);
  const inputs = sizedBodies(policy);
  const what = {
    property: 'body-size-limit',
    description: (operationId: string) =>
      `A body of exactly ${policy.maxBytes} bytes (x-roomkit-request-body.maxBytes) is taken by ${operationId}; one byte more answers ${policy.tooLarge.status}, with Content-Length or in chunks.`,
    inputs,
  };
  return perOperation(rule, probes, what, async (current, operationId, request, { bytes, chunked }) => {
    const operation = current.spec.operation(operationId);
    const exchange = await sendOwn(current, operation, request, {
      rawBody: paddedJson(request.body, bytes),
      ...(chunked ? { chunked: true } : {}),
    });
    const status = exchange.response?.status;
    if (status === undefined) return;
    // The body-size-limit kind judges the answer (a chunked body refused with 411 is no verdict).
    if (refusedForNoLength({ bytes, chunked }, status)) return;
    current.observe(operation, exchange, 'state');
    const expected = sizeVerdict(policy, successStatuses(operation), { bytes, chunked }, status);
    if (expected === undefined) return;
    const sent = chunked ? 'sent in chunks without Content-Length' : `of ${bytes} bytes`;
    current.rule(
      rule.name,
      `${operationId} with a valid body ${sent}${chunked ? ` (${bytes} bytes)` : ''} (x-roomkit-request-body.maxBytes is ${policy.maxBytes}) answered ${status}; expected ${expected.join(' or ')}`,
      rulePointer(rule.name),
      exchange,
    );
  });
}

/**
 * The run's own valid request with its body spoiled as `spoil` says for each of `inputs` (sent
 * without Content-Type, cut short), refused with `status`.
 */
function refusedBody<T>(
  rule: { name: string; operations: readonly string[] },
  probes: BodyProbes,
  what: {
    property: string;
    /** What is wrong with the body, in a sentence ("without Content-Type"), for one input and for the property. */
    wrong: (input: T | undefined) => string;
    status: number;
    inputs: readonly T[];
    spoil: (body: Record<string, unknown>, input: T) => Partial<RequestSpec>;
  },
): PropertyDefinition[] {
  const described = {
    property: what.property,
    description: (operationId: string) =>
      `A body ${what.wrong(undefined)} is refused by ${operationId} with ${what.status}.`,
    inputs: what.inputs,
  };
  return perOperation(rule, probes, described, async (current, operationId, request, input) => {
    const operation = current.spec.operation(operationId);
    const exchange = await sendOwn(current, operation, request, what.spoil(request.body, input));
    current.observe(operation, exchange, 'state');
    const status = exchange.response?.status;
    if (!spoiledBodyTaken(what.status, status)) return;
    current.rule(
      rule.name,
      `${operationId} with a body ${what.wrong(input)} answered ${status}; expected ${what.status}`,
      rulePointer(rule.name),
      exchange,
    );
  });
}

function contentTypeRequired(session: Session, rule: ContentTypeRequiredRule, probes: BodyProbes) {
  return rule.operations.flatMap((operationId) =>
    refusedBody({ ...rule, operations: [operationId] }, probes, {
      property: 'content-type-required',
      wrong: (mediaType) =>
        mediaType === undefined
          ? 'without Content-Type or with a media type it does not document (otherwise valid)'
          : mediaType === null
            ? 'without Content-Type (otherwise valid)'
            : `sent as ${mediaType}, a media type the operation does not document (otherwise valid JSON)`,
      status: rule.status,
      inputs: contentTypeProbes(session.spec.operation(operationId)),
      spoil: (body, mediaType) => withMediaType(body, mediaType),
    }),
  );
}

function malformedBody(session: Session, rule: MalformedBodyRule, probes: BodyProbes) {
  const policy = requestBodyPolicy(session.spec.doc);
  if (policy === undefined) throw new Error(`rule ${rule.name} needs x-roomkit-request-body (malformed)`);
  return refusedBody(rule, probes, {
    property: 'malformed-body',
    wrong: () => 'that is not JSON (a valid one cut short by its closing brace)',
    status: policy.malformed.status,
    inputs: [null],
    spoil: (body) => ({ rawBody: cutShort(body) }),
  });
}

function loneSurrogate(rule: LoneSurrogateRule, probes: BodyProbes): PropertyDefinition[] {
  const what = {
    property: 'lone-surrogate',
    description: (operationId: string) =>
      `A string with a lone UTF-16 surrogate is refused by ${operationId} with ${rule.status}, or kept exactly.`,
    inputs: [null],
  };
  return perOperation(rule, probes, what, async (current, operationId, request) => {
    const field = request.textField;
    if (field === undefined || typeof request.body[field] !== 'string') return;
    const sent = withLoneSurrogate(request.body[field] as string);
    // JSON.stringify escapes the lone surrogate (\ud800), so the body is valid UTF-8.
    const exchange = await current.call(operationId, {
      path: request.path,
      json: { ...request.body, [field]: sent },
      intent: 'state',
    });
    const status = exchange.response?.status;
    // The lone-surrogate kind judges the answer, then the read-back.
    const answer = surrogateAnswer(rule.status, successStatuses(current.spec.operation(operationId)), status);
    if (answer === undefined) return;
    if (answer === 'refused-otherwise') {
      current.rule(
        rule.name,
        `${operationId} with a lone surrogate (\\ud800) in ${field} answered ${status}; expected ${rule.status}, or a success that keeps the string exactly`,
        rulePointer(rule.name),
        exchange,
      );
      return;
    }
    if (request.readBack === undefined) return;
    const read = await request.readBack();
    const kept = (read.response?.json as Record<string, unknown> | undefined)?.[field];
    const readOk =
      read.response !== undefined &&
      successStatuses(current.spec.operation(read.operationId ?? operationId)).includes(read.response.status);
    if (readOk && !keptExactly(sent, kept))
      current.rule(
        rule.name,
        `${operationId} took a lone surrogate (\\ud800) at the end of ${field} (${status}), but ${field} now reads ${JSON.stringify(kept)}; refuse it with ${rule.status} or keep it exactly`,
        rulePointer(rule.name),
        read,
        [exchange],
      );
  });
}

/**
 * The properties of the spec's protocol rules (absent where the spec states none): `probes`
 * names, per operation a rule names, how the suite builds the run's own safe request of it.
 */
export function protocolProperties(session: Session, probes: BodyProbes): PropertyDefinition[] {
  const doc = session.spec.doc;
  return [
    ...rulesOfKind(doc, 'undocumented-method').flatMap((rule) => undocumentedMethod(session, rule) ?? []),
    ...rulesOfKind(doc, 'undocumented-path').map((rule) => undocumentedPath(session, rule)),
    ...rulesOfKind(doc, 'body-size-limit').flatMap((rule) => bodySizeLimit(session, rule, probes)),
    ...rulesOfKind(doc, 'content-type-required').flatMap((rule) => contentTypeRequired(session, rule, probes)),
    ...rulesOfKind(doc, 'lone-surrogate').flatMap((rule) => loneSurrogate(rule, probes)),
    ...rulesOfKind(doc, 'malformed-body').flatMap((rule) => malformedBody(session, rule, probes)),
  ] as PropertyDefinition[];
}
