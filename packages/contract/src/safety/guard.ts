import { resourceOf, resources, type OpenApiDocument, type OperationInfo } from '@roomkit/openapi';
import { jsonObjectOf, type OutgoingRequest } from '../http/exchange.js';
import type { ResourceLedger } from './ledger.js';
import { isSafeMethod, Router } from './route.js';

export interface GuardOptions {
  doc: OpenApiDocument;
  operations: readonly OperationInfo[];
  baseUrl: string;
  ledger: ResourceLedger;
  /** Parents that are not resources of the spec (the organizations given on the command line). */
  organizations: readonly string[];
  /** Why creates must stop altogether (too many could not be verified as the run's), if they must. */
  refuseCreates?: () => string | undefined;
}

/**
 * The live-safety veto, applied by the transport to the final request (URL, method, body) just
 * before it is sent, whoever built it: a request that changes state goes only to an operation of
 * the spec under `--base-url`; updates and deletes only name ids in the ledger; creates (and any
 * body naming a parent) only name parents in the ledger or the given organizations. Reads are
 * never refused: they cannot change anybody's data.
 */
export function writeGuard(options: GuardOptions): (request: OutgoingRequest) => string | undefined {
  const { doc, ledger, organizations } = options;
  const router = new Router(options.baseUrl, options.operations);
  const all = resources(doc);
  const parentFields = new Set(Object.values(all).map((r) => r.parent.field));
  const mayName = (value: string) => ledger.owns(value) || organizations.includes(value);

  return (request) => {
    if (isSafeMethod(request.method)) return undefined;
    const url = new URL(request.url);
    const routed = router.route(request.method, url);
    if (routed === undefined) {
      return `refusing ${request.method} ${url.pathname}: it is not an operation of the spec under --base-url, and it could change data this run did not create`;
    }
    const found = resourceOf(doc, routed.operation.operationId);
    if (found?.action === 'create') {
      const stop = options.refuseCreates?.();
      if (stop !== undefined) return `refusing ${routed.operation.operationId}: ${stop}`;
    }
    if (found !== undefined && (found.action === 'update' || found.action === 'delete')) {
      const id = routed.pathValues[found.resource.idParameter];
      if (id === undefined || !ledger.owns(id)) {
        return `refusing ${routed.operation.operationId} on ${String(id)}: this run did not create it`;
      }
    }
    const body = jsonObjectOf(request.body);
    for (const [field, value] of Object.entries(body ?? {})) {
      if (!parentFields.has(field) || (typeof value !== 'string' && typeof value !== 'number')) continue;
      if (!mayName(String(value))) {
        return `refusing ${routed.operation.operationId} naming ${field} ${String(value)}: this run did not create it`;
      }
    }
    return undefined;
  };
}
