import { paginationOf, resourceOf, resources, throttling, type ApiName } from '@roomkit/openapi';
import { checks } from './checks/registry.js';
import type { Violation } from './checks/types.js';
import { RequestBudget } from './http/budget.js';
import type { Exchange } from './http/exchange.js';
import { HttpTransport, type RequestSpec } from './http/transport.js';
import { hospitalityBinding } from './hospitality/binding.js';
import { HospitalityContext } from './hospitality/context.js';
import { idOf, ok } from './hospitality/api.js';
import { hierarchy, tenancy } from './properties/hospitality/hierarchy.js';
import { modelBased } from './properties/hospitality/model.js';
import { paginationRejects, paginationWalk } from './properties/hospitality/pagination.js';
import { roomNames } from './properties/hospitality/names.js';
import { uniqueness } from './properties/hospitality/uniqueness.js';
import { operationProperty } from './properties/operations.js';
import type { PropertyDefinition } from './properties/property.js';
import { runProperty, type PropertyOutcome } from './properties/runner.js';
import { roomRetrieveBinding, roomRetrieveRules } from './room-retrieve/properties.js';
import { newRunId, ResourceLedger, type OwnedResource } from './safety/ledger.js';
import { redactViolation } from './report/redact.js';
import { Session } from './session.js';
import { openSpec } from './openapi/open.js';
import type { SpecView } from './openapi/view.js';
import { authOf, secretsOf, traitsOf, type Target, type TargetKind } from './targets/target.js';

export const DEFAULT_RUNS = 20;
export const DEFAULT_MAX_REQUESTS = 20_000;
export const DEFAULT_MAX_DURATION_MS = 300_000;

export interface VerifyOptions {
  target: Target;
  kind?: TargetKind;
  runs?: number;
  seed?: number;
  /** Check and rule names to report; everything when absent. */
  checks?: readonly string[];
  /** Only these properties (by name). */
  properties?: readonly string[];
  maxRequests?: number;
  maxDurationMs?: number;
  /** fast-check path to replay one counterexample (with `properties` naming its property). */
  path?: string;
  /** fast-check replayPath of a command sequence (model-based counterexamples). */
  replayPath?: string;
  signal?: AbortSignal;
  onProgress?: (line: string) => void;
  /** Interval of the "still running" progress line (default 5 s). */
  heartbeatMs?: number;
}

export interface VerifyReport {
  api: ApiName;
  baseUrl: string;
  kind: TargetKind;
  runId: string;
  seed: number;
  runs: number;
  startedAt: string;
  durationMs: number;
  requests: number;
  requestsPerSecond: number;
  throttledRetries: number;
  properties: PropertyOutcome[];
  violations: Violation[];
  cleanup: { deleted: number; leftovers: OwnedResource[] };
  stoppedEarly?: string;
  conforms: boolean;
}

/** The target did not answer at all: a usage problem (wrong URL, nothing listening), exit code 2. */
export class TargetUnreachable extends Error {
  constructor(
    readonly baseUrl: string,
    readonly reason: string,
  ) {
    super(`cannot reach ${baseUrl}: ${reason}. Check --base-url and that the server is running.`);
    this.name = 'TargetUnreachable';
  }
}

/** Every name `--checks` accepts for an API: the check registry plus the rules its properties report. */
export function selectableNames(api: ApiName): string[] {
  const spec = openSpec(api);
  const names = new Set<string>(checks.map((c) => c.name));
  for (const property of propertiesFor(spec, fakeSession(spec), api, []))
    for (const name of property.reports) names.add(name);
  return [...names];
}

/** A session that never sends anything: enough to build the property list and read what each reports. */
function fakeSession(spec: SpecView): Session {
  const ledger = new ResourceLedger('list');
  const transport = new HttpTransport({
    baseUrl: 'http://127.0.0.1',
    budget: new RequestBudget({ maxRequests: 0, maxDurationMs: 0 }),
  });
  return new Session(spec, transport, ledger, traitsOf('stateful'), { primary: {}, invalid: {} }, () => true);
}

function propertiesFor(
  spec: SpecView,
  session: Session,
  api: ApiName,
  hotels: NonNullable<Extract<Target, { api: 'room-retrieve' }>['hotels']>,
  context?: HospitalityContext,
): PropertyDefinition<any>[] {
  if (api === 'hospitality') {
    const ctx = context ?? new HospitalityContext(session, 'amzn1.alexa.unit.did.LIST');
    const binding = hospitalityBinding(ctx);
    return [
      ...spec.operations.map((operation) => operationProperty(operation, binding)),
      paginationWalk(ctx),
      paginationRejects(ctx),
      roomNames(ctx),
      uniqueness(ctx),
      hierarchy(ctx),
      tenancy(ctx),
      modelBased(ctx),
    ];
  }
  const binding = roomRetrieveBinding(hotels, session.traits.stateful);
  return [
    ...spec.operations.map((operation) => operationProperty(operation, binding)),
    roomRetrieveRules(session, hotels),
  ];
}

/** Live safety: updates and deletes only ever name ids this run created; creates only under its own parents. */
function guardFor(spec: SpecView, ledger: ResourceLedger, organizations: readonly string[]) {
  const all = resources(spec.doc);
  return (request: RequestSpec): string | undefined => {
    if (request.operationId === undefined) return undefined;
    const found = resourceOf(spec.doc, request.operationId);
    if (found === undefined) return undefined;
    const { resource, action } = found;
    if (action === 'update' || action === 'delete') {
      const id = decodeURIComponent(request.path.split('/').pop() ?? '');
      if (!ledger.owns(id)) return `refusing ${request.operationId} on ${id}: this run did not create it`;
    }
    if (action === 'create') {
      const parentId = (request.json as Record<string, unknown> | undefined)?.[resource.parent.field];
      const parentIsOurs =
        typeof parentId !== 'string' ||
        ledger.owns(parentId) ||
        (all[resource.parent.resource] === undefined && organizations.includes(parentId));
      if (!parentIsOurs) return `refusing ${request.operationId} under ${String(parentId)}: this run did not create it`;
    }
    return undefined;
  };
}

/** Records what the target acknowledged creating or deleting, whatever the request's intent was. */
function ledgerRecorder(spec: SpecView, ledger: ResourceLedger) {
  return (operationId: string, exchange: Exchange): void => {
    const found = resourceOf(spec.doc, operationId);
    if (found === undefined || !ok(exchange)) return;
    const { resource, action } = found;
    if (action === 'create') {
      const id = idOf(exchange);
      const body =
        exchange.request.body === undefined
          ? undefined
          : (JSON.parse(exchange.request.body) as Record<string, unknown>);
      const parentId = body?.[resource.parent.field];
      if (id !== undefined && id !== '')
        ledger.record(resource.name, id, typeof parentId === 'string' ? parentId : undefined);
    }
    if (action === 'delete')
      ledger.markDeleted(decodeURIComponent(new URL(exchange.request.url).pathname.split('/').pop() ?? ''));
  };
}

async function cleanup(
  spec: SpecView,
  transport: HttpTransport,
  session: Session,
  ledger: ResourceLedger,
): Promise<VerifyReport['cleanup']> {
  const all = resources(spec.doc);
  let deleted = 0;
  const leftovers: OwnedResource[] = [];
  for (const owned of ledger.pendingCleanup()) {
    const resource = all[owned.collection];
    if (resource === undefined) continue;
    const operation = spec.operation(resource.operations.delete);
    try {
      const exchange = await transport.send({
        operationId: operation.operationId,
        method: operation.method,
        path: operation.path.replace(`{${resource.idParameter}}`, encodeURIComponent(owned.id)),
        headers: session.authHeaders('primary'),
        exempt: true,
      });
      const status = exchange.response?.status ?? 0;
      if (ok(exchange) || status === 404) {
        ledger.markDeleted(owned.id);
        deleted += 1;
      } else {
        leftovers.push(owned);
      }
    } catch {
      leftovers.push(owned);
    }
  }
  return { deleted, leftovers };
}

/** The target answered, but refused the credentials or inputs on the command line: exit code 2. */
export class CredentialsRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsRejected';
  }
}

/**
 * Any HTTP answer (even a 404) proves the target is there; no answer is exit code 2. Then one
 * ordinary request with the given credentials: a 401 or 403 there is almost always a wrong flag,
 * not a contract fault, and is reported as such before hundreds of requests fail the same way.
 */
async function preflight(transport: HttpTransport, target: Target, spec: SpecView, session: Session): Promise<void> {
  const reach = await transport.send({ method: 'GET', path: '' });
  if (reach.response === undefined) throw new TargetUnreachable(target.baseUrl, reach.error ?? 'no response');
  let probe: Exchange;
  if (target.api === 'hospitality') {
    const [top] = Object.values(resources(spec.doc)).filter(
      (r) => resources(spec.doc)[r.parent.resource] === undefined,
    );
    const list = paginationOf(spec.doc, top!.operations.list)!;
    const operation = spec.operation(list.operationId);
    probe = await transport.send({
      method: operation.method,
      path: operation.path,
      query: { [list.filter]: target.organizationId, [list.pageSize]: list.pageSizeMinimum },
      headers: session.authHeaders('primary'),
    });
  } else {
    const [operation] = spec.operations;
    const probes: Exchange[] = [];
    // Every --hotel is probed once: a hotel the target does not know is a wrong flag, not a fault.
    for (const hotel of target.hotels) {
      probes.push(
        await transport.send({
          method: operation!.method,
          path: operation!.path,
          json: { hotel_id: hotel.hotelId, channel_hotel_id: hotel.channelHotelId },
          headers: session.authHeaders('primary'),
        }),
      );
    }
    probe = probes[0]!;
    if (probe.response?.status === 404) {
      throw new CredentialsRejected(
        `${target.baseUrl} has no operation at ${new URL(probe.request.url).pathname} (404): --base-url must be the server URL to which the spec's path ${operation!.path} is appended.`,
      );
    }
    probes.forEach((p, i) => {
      const hotel = target.hotels[i]!;
      if (p.response?.status === 400) {
        const body = p.response.json as { Errors?: Array<{ Code?: string; ShortText?: string }> } | undefined;
        const why =
          body?.Errors?.map((e) => `Code ${e.Code ?? '?'} ${e.ShortText ?? ''}`.trim()).join('; ') ??
          'no Fail envelope';
        throw new CredentialsRejected(
          `${target.baseUrl} refused --hotel ${hotel.hotelId}:${hotel.channelHotelId} (400: ${why}): give hotels the target knows.`,
        );
      }
    });
  }
  const status = probe.response?.status;
  const flags = target.api === 'hospitality' ? '--token' : '--app-id / --api-key';
  if (status === 401)
    throw new CredentialsRejected(
      `${target.baseUrl} refused the credentials of ${flags} (401 on ${probe.request.method} ${new URL(probe.request.url).pathname}). Check the value, and that it has not expired.`,
    );
  if (status === 403 && target.api === 'hospitality') {
    throw new CredentialsRejected(
      `${target.baseUrl} answered 403 listing the properties of --organization-id ${target.organizationId}: the organization does not belong to --token.`,
    );
  }
}

/** The same broken promise found by several properties is reported once, naming all of them. */
function mergeAcrossProperties(violations: readonly Violation[]): Violation[] {
  const byKey = new Map<string, Violation>();
  for (const violation of violations) {
    const key = `${violation.name}|${violation.operationId ?? ''}|${violation.location}`;
    const first = byKey.get(key);
    if (first === undefined) byKey.set(key, { ...violation });
    else if (first.property !== violation.property && !(first.alsoFoundBy ?? []).includes(violation.property))
      first.alsoFoundBy = [...(first.alsoFoundBy ?? []), violation.property];
  }
  return [...byKey.values()];
}

/** Runs the contract suite against one target and returns the report (never throws for violations). */
export async function verify(options: VerifyOptions): Promise<VerifyReport> {
  const { target } = options;
  const api: ApiName = target.api;
  const kind = options.kind ?? 'stateful';
  const seed = options.seed ?? Date.now() % 2_147_483_647;
  const runs = options.runs ?? DEFAULT_RUNS;
  const spec = openSpec(api);
  const startedAt = new Date();
  const budget = new RequestBudget({
    maxRequests: options.maxRequests ?? DEFAULT_MAX_REQUESTS,
    maxDurationMs: options.maxDurationMs ?? DEFAULT_MAX_DURATION_MS,
  });
  const ledger = new ResourceLedger(newRunId(seed));
  const organizations =
    target.api === 'hospitality'
      ? [target.organizationId, ...(target.secondOrganizationId === undefined ? [] : [target.secondOrganizationId])]
      : [];
  const record = ledgerRecorder(spec, ledger);
  const transport = new HttpTransport({
    baseUrl: target.baseUrl,
    budget,
    ...(throttling(spec.doc) === undefined ? {} : { throttling: throttling(spec.doc)! }),
    guard: guardFor(spec, ledger, organizations),
    onExchange: (exchange) => {
      if (exchange.operationId !== undefined) record(exchange.operationId, exchange);
    },
  });
  const selected = options.checks === undefined ? undefined : new Set(options.checks);
  const session = new Session(
    spec,
    transport,
    ledger,
    traitsOf(kind),
    authOf(target),
    (name) => selected === undefined || selected.has(name),
  );
  session.replayPath = options.replayPath;
  const progress = options.onProgress ?? (() => {});
  const onAbort = () => {
    budget.exhausted = 'interrupted';
  };
  options.signal?.addEventListener('abort', onAbort);

  // A heartbeat, so a long property against a slow live target still shows it is alive.
  let current = 'preflight';
  const heartbeat = setInterval(() => {
    const rate = budget.elapsedMs > 0 ? Math.round((budget.requests * 1000) / budget.elapsedMs) : 0;
    progress(`… ${current}: ${budget.requests} requests so far (${rate} req/s)`);
  }, options.heartbeatMs ?? 5000);
  heartbeat.unref();
  const outcomes: PropertyOutcome[] = [];
  const violations: Violation[] = [];
  let cleanupResult: VerifyReport['cleanup'] = { deleted: 0, leftovers: [] };
  try {
    await preflight(transport, target, spec, session);
    const context =
      target.api === 'hospitality'
        ? new HospitalityContext(session, target.organizationId, target.secondOrganizationId)
        : undefined;
    const hotels = target.api === 'room-retrieve' ? target.hotels : [];
    let properties = propertiesFor(spec, session, api, hotels, context);
    if (options.properties !== undefined) properties = properties.filter((p) => options.properties!.includes(p.name));
    const hasSecond =
      target.api === 'hospitality' && target.secondToken !== undefined && target.secondOrganizationId !== undefined;
    for (const property of properties) {
      current = property.name;
      const { outcome, violations: found } = await runProperty(
        property,
        session,
        { seed, runs, ...(options.path === undefined ? {} : { path: options.path }) },
        hasSecond,
      );
      outcomes.push(outcome);
      violations.push(...found);
      const rate = budget.elapsedMs > 0 ? Math.round((budget.requests * 1000) / budget.elapsedMs) : 0;
      const mark = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip', error: 'ERR ' }[outcome.status];
      progress(
        `${mark} ${outcome.name}${outcome.status === 'skipped' ? ` (${outcome.reason})` : ` · ${outcome.numRuns} runs · ${outcome.requests} requests · ${(outcome.durationMs / 1000).toFixed(1)} s`}${found.length > 0 ? ` · ${found.length} violation(s)` : ''}  [${budget.requests} requests, ${rate} req/s]`,
      );
    }
  } finally {
    clearInterval(heartbeat);
    options.signal?.removeEventListener('abort', onAbort);
    if (ledger.pendingCleanup().length > 0) {
      progress(`cleanup: deleting ${ledger.pendingCleanup().length} resource(s) this run created`);
      cleanupResult = await cleanup(spec, transport, session, ledger);
    }
  }
  const durationMs = Date.now() - startedAt.getTime();
  const requests = budget.requests;
  const stoppedEarly = budget.exhausted ?? (options.signal?.aborted === true ? 'interrupted (Ctrl-C)' : undefined);
  return {
    api,
    baseUrl: target.baseUrl,
    kind,
    runId: ledger.runId,
    seed,
    runs,
    startedAt: startedAt.toISOString(),
    durationMs,
    requests,
    requestsPerSecond: durationMs > 0 ? (requests * 1000) / durationMs : 0,
    throttledRetries: transport.throttledRetries,
    properties: outcomes,
    violations: mergeAcrossProperties(violations).map((v) => redactViolation(v, secretsOf(target))),
    cleanup: cleanupResult,
    ...(stoppedEarly === undefined ? {} : { stoppedEarly }),
    // A run that did not finish proves nothing: only a complete run conforms.
    conforms: violations.length === 0 && !outcomes.some((o) => o.status === 'error') && stoppedEarly === undefined,
  };
}
