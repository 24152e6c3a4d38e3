import {
  requestViolations,
  validRequest,
  type RequestOptions,
  type RequestValues,
  type RequestViolation,
} from '@roomkit/arbitraries';
import type { OperationInfo } from '@roomkit/openapi';
import fc from 'fast-check';
import { checks } from '../checks/registry.js';
import type { Intent } from '../checks/types.js';
import type { Exchange } from '../http/exchange.js';
import type { AuthKind, Session } from '../session.js';
import { defineProperty, type PropertyDefinition } from './property.js';

export type Mode = 'positive' | 'negative' | 'missing-auth' | 'invalid-auth';

export interface OperationCase {
  mode: Mode;
  values: RequestValues;
  violation?: RequestViolation;
  /** Free choice for bindings that pick among known inputs (hotels, fixtures). */
  pick: number;
}

/** Where a target's state meets generated requests: real ids in, fresh resources per delete, follow-up reads. */
export interface OperationBinding {
  /** Arbitrary overrides for named parameters and body fields (built once, before the runs). */
  options(operation: OperationInfo): Promise<Pick<RequestOptions, 'parameters' | 'body'>>;
  /** Adjusts one case just before sending; `undefined` skips it (e.g. it would touch data the run does not own). */
  prepare(
    operation: OperationInfo,
    request: OperationCase,
  ): Promise<{ values: RequestValues; intent?: Intent } | undefined>;
  /** Follow-up requests after the exchange (read back what was created or deleted). */
  after(operation: OperationInfo, request: OperationCase, exchange: Exchange): Promise<void>;
}

function serialize(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [
        name,
        typeof value === 'string'
          ? value
          : typeof value === 'object' && value !== null
            ? JSON.stringify(value)
            : String(value),
      ]),
  );
}

const AUTH: Record<Mode, AuthKind> = {
  positive: 'primary',
  negative: 'primary',
  'missing-auth': 'none',
  'invalid-auth': 'invalid',
};

/**
 * Schemathesis-style checks on one operation: valid requests are accepted, invalid ones (one
 * broken rule each, derived from the schemas) rejected with a 4xx, missing or wrong credentials
 * get 401, and every response conforms (status, content type, headers, schema).
 */
export function operationProperty(
  operation: OperationInfo,
  binding: OperationBinding,
  /** Rules the session applies to every exchange (request ids), reported through this property too. */
  alsoReports: readonly string[] = [],
): PropertyDefinition<OperationCase> {
  let options: RequestOptions = { root: {} };
  const modes: Array<{ weight: number; arbitrary: fc.Arbitrary<Omit<OperationCase, 'pick'>> }> = [];
  return defineProperty<OperationCase>({
    name: `operation ${operation.operationId}`,
    description: `Schema-derived valid, invalid and unauthenticated requests to ${operation.operationId}.`,
    requires: {},
    reports: [...checks.map((c) => c.name), ...alsoReports],
    operations: [operation.operationId],
    // One request per run, on the shared chain or a fresh item the binding makes for it.
    independentRuns: true,
    async setup(session: Session) {
      options = { root: session.spec.doc, maxLength: 40, maxItems: 3, ...(await binding.options(operation)) };
      const valid = validRequest(operation, options);
      modes.push({ weight: 4, arbitrary: valid.map((values) => ({ mode: 'positive' as const, values })) });
      const broken = requestViolations(operation, options);
      if (broken.length > 0) {
        modes.push({
          weight: 4,
          arbitrary: fc
            .oneof(...broken)
            .map(({ violation, ...values }) => ({ mode: 'negative' as const, values, violation })),
        });
      }
      if (operation.security.length > 0) {
        modes.push({ weight: 1, arbitrary: valid.map((values) => ({ mode: 'missing-auth' as const, values })) });
        if (session.traits.validatesCredentials)
          modes.push({ weight: 1, arbitrary: valid.map((values) => ({ mode: 'invalid-auth' as const, values })) });
      }
    },
    // One case of every mode first, so even a handful of --runs covers each expectation.
    examples: () => modes.map((m, index) => ({ ...fc.sample(m.arbitrary, { numRuns: 1, seed: index })[0]!, pick: 0 })),
    arbitrary: () =>
      fc.record({ pick: fc.nat(), request: fc.oneof(...modes) }).map(({ pick, request }) => ({ ...request, pick })),
    async run(session, request) {
      const prepared = await binding.prepare(operation, request);
      if (prepared === undefined) return;
      const { values } = prepared;
      const exchange = await session.call(operation.operationId, {
        path: serialize(values.path),
        query: serialize(values.query),
        headers: serialize(values.headers),
        ...(values.body === undefined ? {} : { json: values.body }),
        auth: AUTH[request.mode],
        intent: prepared.intent ?? (request.mode === 'negative' ? 'negative' : request.mode),
      });
      await binding.after(operation, { ...request, values }, exchange);
    },
  });
}
