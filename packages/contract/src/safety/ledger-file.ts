import { readFile } from 'node:fs/promises';
import { isApiName, resources, throttling, type ApiName } from '@roomkit/openapi';
import { RequestBudget } from '../http/budget.js';
import { HttpTransport } from '../http/transport.js';
import { AdaptiveWindow, DEFAULT_CONCURRENCY } from '../http/window.js';
import { openSpec } from '../openapi/open.js';
import { cleanUp, type CleanupResult } from './cleanup.js';
import { writeGuard } from './guard.js';
import { ResourceLedger, type Leftover, type OwnedResource } from './ledger.js';
import type { Unaccounted } from './ownership.js';
import { goneStatus } from '../kinds/gone-after-delete.js';
import { isDocumentedSuccess } from '../openapi/statuses.js';

/** What a run could not delete, saved so that `roomkit cleanup` can finish the job later. */
export interface SavedLedger {
  api: ApiName;
  baseUrl: string;
  runId: string;
  leftovers: Leftover[];
}

const MARK = 'roomkit-ledger';

export function formatLedger(report: {
  api: ApiName;
  baseUrl: string;
  runId: string;
  cleanup: { leftovers: Leftover[]; unaccounted?: Unaccounted[]; kept?: OwnedResource[] };
}): string {
  const saved = {
    format: MARK,
    api: report.api,
    baseUrl: report.baseUrl,
    runId: report.runId,
    savedAt: new Date().toISOString(),
    // Creates the run could not verify are saved too, when they have an id and the name the run
    // sent: `roomkit cleanup` deletes one only once it reads back with exactly that name.
    leftovers: [
      ...report.cleanup.leftovers,
      ...(report.cleanup.kept ?? []).map((k) => ({ ...k, reason: 'kept for its failing case (--keep-failing)' })),
      ...(report.cleanup.unaccounted ?? [])
        .filter((u) => u.id !== undefined && u.name !== undefined)
        .map((u) => ({
          collection: u.collection,
          id: u.id!,
          ...(u.parentId === undefined ? {} : { parentId: u.parentId }),
          name: u.name!,
          deleted: false,
          reason: u.reason,
        })),
    ],
  };
  return `${JSON.stringify(saved, null, 2)}\n`;
}

/** Reads a saved ledger, or the JSON report of a run (its `cleanup.leftovers`). */
export async function readLedger(file: string): Promise<SavedLedger> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new LedgerError(
      `--ledger ${file}: cannot read it as JSON (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  const value = raw as {
    format?: unknown;
    api?: unknown;
    baseUrl?: unknown;
    runId?: unknown;
    leftovers?: unknown;
    cleanup?: { leftovers?: unknown };
  };
  const leftovers = value.format === MARK ? value.leftovers : value.cleanup?.leftovers;
  if (
    typeof value.api !== 'string' ||
    !isApiName(value.api) ||
    typeof value.baseUrl !== 'string' ||
    typeof value.runId !== 'string' ||
    !Array.isArray(leftovers)
  ) {
    throw new LedgerError(
      `--ledger ${file}: not a roomkit ledger or JSON report (it needs api, baseUrl, runId and a list of leftovers).`,
    );
  }
  for (const [index, entry] of leftovers.entries()) {
    const e = entry as Partial<Leftover>;
    if (typeof e.collection !== 'string' || typeof e.id !== 'string') {
      throw new LedgerError(`--ledger ${file}: leftover ${index} has no collection and id.`);
    }
  }
  return { api: value.api, baseUrl: value.baseUrl, runId: value.runId, leftovers: leftovers as Leftover[] };
}

export class LedgerError extends Error {}

/**
 * Deletes the leftovers of a saved ledger, children first (those of one depth concurrently), touching only those ids and only
 * while each still has the name the run gave it (a renamed or reused id is left alone).
 */
export async function cleanupLedger(
  saved: SavedLedger,
  baseUrl: string,
  headers: Record<string, string>,

  timeoutMs: number,
  signal?: AbortSignal,
  concurrency = DEFAULT_CONCURRENCY,
): Promise<CleanupResult> {
  const spec = openSpec(saved.api);
  const ledger = new ResourceLedger(saved.runId);
  for (const entry of saved.leftovers) ledger.record(entry.collection, entry.id, entry.parentId, entry.name);
  const budget = new RequestBudget({
    maxRequests: Number.MAX_SAFE_INTEGER,
    maxDurationMs: timeoutMs,
    cleanupMs: timeoutMs,
  });
  signal?.addEventListener('abort', () => budget.interrupt('interrupted (Ctrl-C)'), { once: true });
  const policy = throttling(spec.doc);
  const transport = new HttpTransport({
    baseUrl,
    budget,
    window: new AdaptiveWindow({ concurrency }),
    ...(policy === undefined ? {} : { throttling: policy }),
    guard: writeGuard({
      doc: spec.doc,
      operations: spec.operations,
      baseUrl,
      ledger,
      organizations: [],
    }),
  });
  const all = resources(spec.doc);
  return cleanUp({
    doc: spec.doc,
    operations: spec.operations,
    transport,
    ledger,
    headers,
    async confirm(owned) {
      const resource = all[owned.collection]!;
      const operation = spec.operation(resource.operations.get);
      const read = await transport.send({
        operationId: operation.operationId,
        method: operation.method,
        path: operation.path.replace(`{${resource.idParameter}}`, encodeURIComponent(owned.id)),
        headers,
      });
      const status = read.response?.status;
      if (status === goneStatus(spec.doc)) return { action: 'gone' };
      if (!isDocumentedSuccess(operation, status))
        return { action: 'keep', reason: `reading it answered ${status ?? read.error}` };
      const name = (read.response?.json as { name?: unknown } | undefined)?.name;
      if (owned.name === undefined || name !== owned.name) {
        return {
          action: 'keep',
          reason: `it is now named ${JSON.stringify(name)}, not ${JSON.stringify(owned.name)} as the run left it: not deleting what may no longer be the run's`,
        };
      }
      return { action: 'delete' };
    },
  });
}

export function formatCleanup(result: CleanupResult, saved: SavedLedger): string {
  const lines = [
    `roomkit cleanup of run ${saved.runId} against ${saved.baseUrl}: deleted ${result.deleted} of ${saved.leftovers.length} resource(s)`,
  ];
  for (const left of result.leftovers) lines.push(`  left ${left.collection}/${left.id}: ${left.reason}`);
  if (result.stoppedEarly !== undefined) lines.push(`stopped early: ${result.stoppedEarly}`);
  return lines.join('\n');
}
