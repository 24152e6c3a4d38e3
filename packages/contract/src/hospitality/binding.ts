import type { RequestValues } from '@roomkit/arbitraries';
import { resourceOf, rulesOfKind, type OperationInfo } from '@roomkit/openapi';
import fc from 'fast-check';
import { jsonObjectOf } from '../http/exchange.js';
import type { OperationBinding, OperationCase } from '../properties/operations.js';
import { ok, type HospitalityContext } from './context.js';

/**
 * Requests name resources this run created, updates and deletes get a fresh resource of their
 * own, unique fields are kept unique (or the request is not called positive). The same holds on
 * a stateless mock, so a live API mistaken for one is still only touched where the run owns the
 * id; only the read-backs (created resource fetchable, deleted one gone) need a stateful target.
 */
export function hospitalityBinding(context: HospitalityContext): OperationBinding {
  const { api, session, ledger } = context;
  const doc = session.spec.doc;
  const uniqueRules = rulesOfKind(doc, 'unique');
  /** Values of unique fields already used in the shared scope, compared case-insensitively to stay safe. */
  const taken = new Map<string, Set<string>>(uniqueRules.map((r) => [r.name, new Set<string>()]));

  const clashes = (operation: OperationInfo, body: unknown): boolean =>
    uniqueRules.some((rule) => {
      if (!rule.operations.includes(operation.operationId)) return false;
      const value = (body as Record<string, unknown> | undefined)?.[rule.field];
      return (
        typeof value === 'string' &&
        (taken.get(rule.name)!.has(value.toLowerCase()) || reserved.get(rule.name)!.has(value.toLowerCase()))
      );
    });
  /** Values of positive requests on their way: properties run side by side and may draw the same one. */
  const reserved = new Map<string, Set<string>>(uniqueRules.map((r) => [r.name, new Set<string>()]));
  const mark = (into: Map<string, Set<string>>, operation: OperationInfo, body: unknown, add: boolean): void => {
    for (const rule of uniqueRules) {
      const value = (body as Record<string, unknown> | undefined)?.[rule.field];
      if (rule.operations.includes(operation.operationId) && typeof value === 'string') {
        if (add) into.get(rule.name)!.add(value.toLowerCase());
        else into.get(rule.name)!.delete(value.toLowerCase());
      }
    }
  };
  const remember = (operation: OperationInfo, body: unknown): void => mark(taken, operation, body, true);

  /** Prefixes a generated name with the run's marker when the schema still accepts it. */
  const recognisable = (operation: OperationInfo, body: unknown): unknown => {
    const name = (body as { name?: unknown } | undefined)?.name;
    const schema = operation.requestBody?.schemaPointer;
    if (typeof name !== 'string' || schema === undefined) return body;
    const marked = { ...(body as object), name: `${ledger.prefix}${name}` };
    return session.spec.validate(schema, marked).valid ? marked : body;
  };

  return {
    async options(operation) {
      const chain = await context.sharedChain();
      const parameters: Record<string, fc.Arbitrary<unknown>> = {};
      const body: Record<string, fc.Arbitrary<unknown>> = {};
      api.hierarchy.forEach((level, index) => {
        const parentId = index === 0 ? context.organizationId : chain[index - 1]!;
        parameters[level.idParameter] = fc.constant(chain[index]!);
        parameters[api.pagination(level.name).filter] = fc.constant(parentId);
        if (operation.operationId === level.operations.create) body[`/${level.parent.field}`] = fc.constant(parentId);
      });
      return { parameters, body };
    },

    async prepare(operation, request: OperationCase) {
      const found = resourceOf(doc, operation.operationId);
      const values: RequestValues = {
        ...request.values,
        path: { ...request.values.path },
        query: { ...request.values.query },
      };
      if (found === undefined) return { values };
      const { resource, action } = found;
      const pathBroken = request.violation?.in === 'path';
      if ((action === 'update' || action === 'delete') && pathBroken) return undefined; // never touch ids the run does not own
      // A broken parent id names something the run did not create: the guard would refuse it.
      if (
        action === 'create' &&
        request.violation?.name === resource.parent.field &&
        typeof values.body === 'object' &&
        values.body !== null &&
        ['string', 'number'].includes(typeof (values.body as Record<string, unknown>)[resource.parent.field])
      )
        return undefined;
      if (action === 'delete' || (action === 'update' && request.mode !== 'negative')) {
        const parentId = await context.sharedParentOf(resource.name);
        values.path[resource.idParameter] = await context.make(resource.name, parentId);
      }
      if (action === 'list' && request.mode !== 'negative') delete values.query[api.pagination(resource.name).token];
      if ((action === 'create' || action === 'update') && request.mode !== 'negative') {
        values.body = recognisable(operation, values.body);
        if (request.mode === 'positive') {
          if (clashes(operation, values.body)) return { values, intent: 'state' };
          // Reserved before it is sent: properties run side by side with the same seed, so two of
          // them may draw the same name, and only the first to reserve it may call it valid.
          mark(reserved, operation, values.body, true);
        }
      }
      return { values };
    },

    async after(operation, request, exchange) {
      const found = resourceOf(doc, operation.operationId);
      // The answer came: an accepted value is taken (below), a refused one free again.
      if (request.mode === 'positive') mark(reserved, operation, jsonObjectOf(exchange.request.body), false);
      if (found === undefined || !ok(exchange)) return;
      const { resource, action } = found;
      if (!session.traits.stateful) return;
      if (action === 'create' || action === 'update')
        remember(operation, exchange.request.body === undefined ? undefined : JSON.parse(exchange.request.body));
      if (action === 'delete' && request.mode === 'positive') {
        await api.get(resource.name, String(request.values.path[resource.idParameter]), { intent: 'after-delete' });
      }
    },
  };
}
