import { resources, type OpenApiDocument, type OperationInfo } from '@roomkit/openapi';
import { BudgetExhausted } from '../http/budget.js';
import { mapConcurrently } from '../http/pool.js';
import { LiveSafetyRefusal, type HttpTransport } from '../http/transport.js';
import type { Leftover, OwnedResource, ResourceLedger } from './ledger.js';
import { goneStatus } from '../kinds/gone-after-delete.js';

export interface CleanupResult {
  deleted: number;
  leftovers: Leftover[];
  /** Left in place on purpose (`--keep-failing`). */
  kept: OwnedResource[];
  /** Why cleanup stopped before trying every resource (its time share, Ctrl-C). */
  stoppedEarly?: string;
}

export interface CleanupOptions {
  doc: OpenApiDocument;
  operations: readonly OperationInfo[];
  transport: HttpTransport;
  ledger: ResourceLedger;
  headers: Record<string, string>;
  /**
   * Asked before each delete (`roomkit cleanup` deletes only what still looks like the run's):
   * `delete` goes ahead, `gone` counts it as deleted already, `keep` leaves it with the reason.
   */
  confirm?: (owned: OwnedResource) => Promise<{ action: 'delete' | 'gone' } | { action: 'keep'; reason: string }>;
  /** Resources to leave in place on purpose (those of failing cases, with `--keep-failing`). */
  keep?: ReadonlySet<string>;
}

function operationById(operations: readonly OperationInfo[], operationId: string): OperationInfo {
  const operation = operations.find((o) => o.operationId === operationId);
  if (operation === undefined) throw new Error(`x-roomkit-resources names ${operationId}, which the spec lacks`);
  return operation;
}

/**
 * Deletes what the ledger holds, children first, inside the budget's cleanup phase (its own time
 * share, throttling handled within it). The resources of one depth are deleted concurrently (as
 * many in flight as the transport's window allows), and a depth starts once the one below it is
 * done, so each delete finds its resource empty. A 404 counts as deleted; anything else, or
 * running out of cleanup time, leaves the resource as a leftover with its reason, for
 * `roomkit cleanup`.
 */
export function cleanUp(options: CleanupOptions): Promise<CleanupResult> {
  return options.transport.budget.inCleanup(() => deleteAll(options));
}

async function deleteAll(options: CleanupOptions): Promise<CleanupResult> {
  const { transport, ledger } = options;
  const all = resources(options.doc);
  let deleted = 0;
  const leftovers: Leftover[] = [];
  const kept: OwnedResource[] = [];
  let stoppedEarly: string | undefined;
  const deleteOne = async (owned: OwnedResource): Promise<void> => {
    const resource = all[owned.collection];
    if (resource === undefined) return;
    if (options.keep?.has(owned.id) === true) {
      kept.push(owned);
      return;
    }
    if (stoppedEarly !== undefined) {
      leftovers.push({ ...owned, reason: `not tried: ${stoppedEarly}` });
      return;
    }
    try {
      const decision = (await options.confirm?.(owned)) ?? { action: 'delete' };
      if (decision.action === 'keep') {
        leftovers.push({ ...owned, reason: decision.reason });
        return;
      }
      if (decision.action === 'gone') {
        ledger.markDeleted(owned.id);
        deleted += 1;
        return;
      }
      const operation = operationById(options.operations, resource.operations.delete);
      const exchange = await transport.send({
        operationId: operation.operationId,
        method: operation.method,
        path: operation.path.replace(`{${resource.idParameter}}`, encodeURIComponent(owned.id)),
        headers: options.headers,
      });
      const status = exchange.response?.status;
      if (status !== undefined && ((status >= 200 && status < 300) || status === goneStatus(options.doc))) {
        ledger.markDeleted(owned.id);
        deleted += 1;
      } else {
        leftovers.push({ ...owned, reason: `delete answered ${status ?? exchange.error ?? 'nothing'}` });
      }
    } catch (error) {
      if (error instanceof BudgetExhausted) {
        stoppedEarly ??= error.reason;
        leftovers.push({ ...owned, reason: `not deleted: ${error.reason}` });
      } else if (error instanceof LiveSafetyRefusal) {
        leftovers.push({ ...owned, reason: error.message });
      } else {
        throw error;
      }
    }
  };
  for (const level of levels(ledger, ledger.pendingCleanup())) {
    await mapConcurrently(level, transport.window.concurrency, deleteOne);
  }
  return { deleted, leftovers, kept, ...(stoppedEarly === undefined ? {} : { stoppedEarly }) };
}

/** The resources grouped by depth, deepest first: a level's deletes may run together. */
function levels(ledger: ResourceLedger, pending: readonly OwnedResource[]): OwnedResource[][] {
  const byDepth = new Map<number, OwnedResource[]>();
  for (const owned of pending) {
    const depth = ledger.depthOf(owned);
    const level = byDepth.get(depth);
    if (level === undefined) byDepth.set(depth, [owned]);
    else level.push(owned);
  }
  return [...byDepth.entries()].sort(([a], [b]) => b - a).map(([, level]) => level);
}
