// Room Retrieve: POST /bdc/room/retrieve answers a hotel's units from the fixture, in the
// vendor's Success / Fail envelopes. Credentials are checked against the operation's security
// requirements (the apiKey header and the HTTP schemes of the spec) and refused as its
// `authentication` rule says, an unknown hotel answers as its `unknown-input-fails` rule says,
// and every other error carries the HTTP status as its Code (the spec's "Error status codes"
// decision).
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import {
  asSentence,
  deref,
  describeSchemaError,
  headersOnEveryResponse,
  listOperations,
  pointerSegment,
  requestBodyPolicy,
  resolvePointer,
  ruleOf,
  rulesOfKind,
  securitySchemes,
  type OpenApiDocument,
  type OperationInfo,
  type Rule,
  type SecurityScheme,
  type SpecValidator,
} from '@roomkit/openapi';
import {
  declaredStatuses,
  statusFor,
  successStatus,
  type ApiImplementation,
  type ApiRequest,
  type DeclaredStatuses,
  type Handled,
} from './api.js';
import type { Fixture, FixtureHotel } from './fixture.js';
import type { Hooks, Outgoing, ResponseContext } from './hooks.js';
import { headerValue } from './http-io.js';
import { ruid } from './ids.js';
import type { RoomRetrieveTokens } from './room-retrieve-tokens.js';
import type { Seed } from './seed.js';

type UnknownInputFails = Extract<Rule, { kind: 'unknown-input-fails' }>;
type App = Seed['roomRetrieve']['apps'][number];

/** A Fail envelope; its Ruid is the request's id where the sandbox's log names it (its errors). */
function failBody(code: string, shortText: string, message: string, requestId?: string): Record<string, unknown> {
  return {
    Status: 'Fail',
    Errors: [{ Code: code, ShortText: shortText, Message: message }],
    Ruid: requestId ?? ruid(),
  };
}

/** The request fields that together name a hotel, as one lookup key. */
function keyOf(fields: readonly string[], value: Record<string, unknown>): string {
  return JSON.stringify(fields.map((f) => value[f]));
}

/** The ShortText of the example the spec names for a malformed body (a plain default where it names none). */
function malformedShortText(doc: OpenApiDocument, op: OperationInfo): string {
  const answer = requestBodyPolicy(doc)?.malformed;
  const response = answer === undefined ? undefined : op.responses[String(answer.status)];
  const json = response?.contentTypes.find((t) => t.includes('json'));
  if (answer?.example === undefined || response === undefined || json === undefined) return 'Malformed request body';
  const example = `${response.pointer}/content/${pointerSegment(json)}/examples/${pointerSegment(answer.example)}/value`;
  const text = (resolvePointer(doc, example) as { Errors?: { ShortText?: unknown }[] })?.Errors?.[0]?.ShortText;
  if (typeof text !== 'string') throw new Error(`${example}: the malformed-body example has no Errors[0].ShortText.`);
  return text;
}

export class RoomRetrieveApi implements ApiImplementation {
  readonly alwaysSent: readonly string[];
  private readonly schemes: Record<string, SecurityScheme>;
  private readonly unknownHotel: UnknownInputFails;
  readonly declared: DeclaredStatuses;
  /** The request body's required fields (hotel_id, channel_hotel_id): together they name a hotel. */
  private readonly hotelFields: string[];
  private readonly hotels = new Map<string, FixtureHotel>();
  /** The ShortText of the spec's answer to a body that is not valid JSON (x-roomkit-request-body.malformed). */
  private readonly malformedText: string;

  constructor(
    readonly doc: OpenApiDocument,
    readonly validator: SpecValidator,
    private readonly seed: Seed,
    private readonly fixture: Fixture,
    private readonly hooks: Hooks,
    private readonly tokens: RoomRetrieveTokens,
  ) {
    this.alwaysSent = headersOnEveryResponse(doc);
    this.schemes = securitySchemes(doc);
    this.unknownHotel = ruleOf(doc, 'unknown-input-fails');
    this.declared = declaredStatuses(doc);
    const [op, ...more] = listOperations(doc);
    if (!op || more.length > 0)
      throw new Error(`The Room Retrieve sandbox serves one operation; the spec has ${more.length + 1}.`);
    // The fields that name a hotel together (rule identifies-together), else the body's required ones.
    this.hotelFields =
      rulesOfKind(doc, 'identifies-together').find((r) => r.operations.includes(op.operationId))?.fields ??
      deref<{ required?: string[] }>(doc, op.requestBody?.schema ?? {}, '').value?.required ??
      [];
    for (const h of fixture.hotels)
      this.hotels.set(keyOf(this.hotelFields, h as unknown as Record<string, unknown>), h);
    this.malformedText = malformedShortText(doc, op);
  }

  error(_op: OperationInfo | undefined, status: number, message: string, requestId?: string): Outgoing {
    return { status, headers: {}, body: failBody(String(status), STATUS_CODES[status] ?? 'Error', message, requestId) };
  }

  /** The app an issued Bearer token of the request belongs to, read once, from the store. */
  private async issuedTo(req: ApiRequest): Promise<string | undefined> {
    const [name, value] = (headerValue(req.headers, 'authorization') ?? '').trim().split(/\s+/);
    return name?.toLowerCase() === 'bearer' && value && this.tokens.issues(value)
      ? await this.tokens.appOf(value)
      : undefined;
  }

  /**
   * Whether one security alternative of the operation is met, all of its schemes by one app;
   * `skip` picks schemes that count as met (for the hooks: a vendor that skips a part).
   */
  private authorized(
    req: ApiRequest,
    issuedTo: string | undefined,
    skip: (scheme: SecurityScheme, sent: string | undefined) => boolean = () => false,
  ): boolean {
    return req.op.security.some((alternative) =>
      this.seed.roomRetrieve.apps.some((app) =>
        Object.keys(alternative).every((id) => {
          const scheme = this.schemes[id];
          if (scheme !== undefined && skip(scheme, this.sentFor(scheme, req.headers))) return true;
          return this.satisfies(scheme, app, req.headers, issuedTo);
        }),
      ),
    );
  }

  /** The value a request sent for a scheme: its API-key header, or Authorization. */
  private sentFor(scheme: SecurityScheme, headers: IncomingHttpHeaders): string | undefined {
    if (scheme.type === 'apiKey')
      return scheme.in === 'header' ? headerValue(headers, scheme.name.toLowerCase()) : undefined;
    return headerValue(headers, 'authorization');
  }

  private satisfies(
    scheme: SecurityScheme | undefined,
    app: App,
    headers: IncomingHttpHeaders,
    issuedTo: string | undefined,
  ): boolean {
    if (scheme?.type === 'apiKey')
      return scheme.in === 'header' && headerValue(headers, scheme.name.toLowerCase()) === app.appId;
    if (scheme?.type !== 'http') return false;
    // One scheme and one credential: words after the credential make the header malformed.
    const [name, value, ...more] = (headerValue(headers, 'authorization') ?? '').trim().split(/\s+/);
    if (name?.toLowerCase() !== scheme.scheme || !value || more.length > 0) return false;
    if (scheme.scheme === 'basic')
      return (
        !!app.basic && Buffer.from(value, 'base64').toString('utf8') === `${app.basic.username}:${app.basic.password}`
      );
    // A static seed token, or one the token endpoint issued to this app and that has not expired.
    if (scheme.scheme === 'bearer') return (app.bearerTokens?.includes(value) ?? false) || issuedTo === app.appId;
    return false;
  }

  /** What the refusal of bad credentials asks for: the API-key header and Authorization. */
  private credentialNames(): string {
    const keys = Object.values(this.schemes).flatMap((s) => (s.type === 'apiKey' ? [s.name] : []));
    return [...keys, 'Authorization'].join(' and ');
  }

  async handle(req: ApiRequest): Promise<Handled> {
    const { op } = req;
    const ctx: ResponseContext = {
      operationId: op.operationId,
      action: 'retrieve',
      documented: Object.keys(op.responses),
      alwaysSent: this.alwaysSent,
    };
    const answer = (out: Outgoing): Handled => ({ out, ctx });
    const issuedTo = await this.issuedTo(req);
    if (
      !this.hooks.roomRetrieveAuthorized(this.authorized(req, issuedTo), {
        metIgnoring: (skip) => this.authorized(req, issuedTo, skip),
      })
    ) {
      return answer(
        this.error(
          op,
          statusFor(op, 'unauthenticated', this.declared),
          `Authentication failed. Check ${this.credentialNames()}.`,
        ),
      );
    }
    const invalid = statusFor(op, 'bad-request');
    const fail = (shortText: string, message: string) =>
      answer({ status: invalid, headers: {}, body: failBody(String(invalid), shortText, message) });
    // The vendor's ShortText for a missing or invalid field of the hotel's key.
    const fieldFail = (field: string, given: unknown, message: string) =>
      fail(`${field}: Invalid HotelCode ('${typeof given === 'string' ? given : ''}')`, message);
    if (req.body.kind === 'invalid') return fail(this.malformedText, req.body.message);
    if (req.body.kind === 'none')
      // The vendor names the first required field in a Fail for a missing body.
      return fieldFail(this.hotelFields[0] ?? 'body', '', 'The request body is required.');
    const body = req.body.value as Record<string, unknown>;
    const crash = this.hooks.beforeValidation(undefined, { query: req.query, body });
    // The vendor documents no 5xx: a crash is an unexpected error, answered by the request handler.
    if (crash) throw new Error(crash.message);
    const issues = this.validator.requestBody(op.operationId, body).errors;
    if (issues.length > 0) {
      const first = issues[0]!;
      const message = asSentence(describeSchemaError(first));
      const field =
        first.path.replace(/^\/body\/?/, '') ||
        (first.keyword === 'required' && typeof first.params?.missingProperty === 'string'
          ? first.params.missingProperty
          : undefined);
      // A body that is JSON but not an object of fields is as unreadable as one that is not JSON.
      if (field === undefined) return fail(this.malformedText, message);
      const given = body && typeof body === 'object' ? (body as Record<string, unknown>)[field] : undefined;
      return fieldFail(field, given, message);
    }
    const units = this.hooks.hotelUnits(this.hotels.get(keyOf(this.hotelFields, body))?.units, {
      lookup: (fields) =>
        this.fixture.hotels.find((h) => keyOf(fields, h as unknown as Record<string, unknown>) === keyOf(fields, body))
          ?.units,
    });
    if (!units) {
      const rule = this.unknownHotel;
      const text = `${rule.field} - is invalid or not found!`;
      return answer({ status: rule.status, headers: {}, body: failBody(rule.code ?? String(rule.status), text, text) });
    }
    return answer({
      status: successStatus(op),
      headers: {},
      body: { Status: 'Success', Data: units, Message: '', Ruid: ruid() },
    });
  }
}
