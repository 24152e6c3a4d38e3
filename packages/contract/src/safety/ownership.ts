import {
  paginationOf,
  resourceOf,
  resources,
  type OpenApiDocument,
  type OperationInfo,
  type ResourceInfo,
} from '@roomkit/openapi';
import { BudgetExhausted } from '../http/budget.js';
import { jsonObjectOf, type Exchange, type Ownership } from '../http/exchange.js';
import { systemClock, type Clock } from '../http/clock.js';
import { followPages } from '../http/pages.js';
import { readUntil } from '../http/read-until.js';
import { mapConcurrently } from '../http/pool.js';
import { LiveSafetyRefusal, type HttpTransport } from '../http/transport.js';
import type { ResourceLedger } from './ledger.js';
import { Router } from './route.js';
import { goneStatus } from '../kinds/gone-after-delete.js';
import { isDocumentedSuccess } from '../openapi/statuses.js';

export interface OwnershipOptions {
  doc: OpenApiDocument;
  operations: readonly OperationInfo[];
  baseUrl: string;
  ledger: ResourceLedger;
  /** Credentials of the first organization: the read-back and recovery read as the resource's owner. */
  headers: () => Record<string, string>;
  /** How long a new item may take to become readable (`--consistency-wait`). */
  consistencyWaitMs: number;
  /** The clock that wait is measured in (default: the system's). */
  clock?: Clock;
  /** A stateless mock answers every create with an example id: nothing there is counted against the target. */
  stateful?: boolean;
  /** At most this many list pages are read to find the run's real resource after a foreign id. */
  maxRecoveryPages?: number;
}

const DEFAULT_RECOVERY_PAGES = 20;
/** After this many creates in a row whose id could not be verified, the run creates nothing more. */
export const MAX_UNVERIFIED_CREATES = 10;
/** Deletes of the run's own resources in a row that failed (5xx, no answer) before the run stops creating. */
export const MAX_FAILED_DELETES = 3;
/** Bound on the creates kept for cleanup to settle (memory stays bounded whatever the target does). */
const MAX_PENDING = 10_000;

interface Claim {
  resource: ResourceInfo;
  id: string;
  sent: Record<string, unknown>;
  parentId?: string;
}

/** A create that may have made something the run cannot delete: listed in the report, never touched. */
export interface Unaccounted {
  collection: string;
  /** The id the create answered, when it answered one. */
  id?: string;
  parentId?: string;
  name?: string;
  reason: string;
}
const FIRST_POLL_MS = 100;
/** Polls stay this close together, so a lag of a few hundred milliseconds costs about that much. */
const LAST_POLL_MS = 400;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idIn(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** The id a create answered: the body's `id`, else the last segment of `Location`. */
export function answeredId(exchange: Exchange): string | undefined {
  const fromBody = isObject(exchange.response?.json) ? idIn(exchange.response.json.id) : undefined;
  if (fromBody !== undefined) return fromBody;
  const location = exchange.response?.headers['location'];
  if (location === undefined) return undefined;
  try {
    return decodeURIComponent(new URL(location, 'http://x').pathname.split('/').pop() ?? '') || undefined;
  } catch {
    return undefined;
  }
}

/** Ids a read shows as existing: the body's own id and the ids of the items of its arrays. */
function idsShown(json: unknown): string[] {
  if (!isObject(json)) return [];
  const ids: string[] = [];
  const own = idIn(json.id);
  if (own !== undefined) ids.push(own);
  for (const value of Object.values(json)) {
    if (!Array.isArray(value)) continue;
    for (const item of value) {
      const id = isObject(item) ? idIn(item.id) : undefined;
      if (id !== undefined) ids.push(id);
    }
  }
  return ids;
}

/**
 * Keeps the ledger honest at the transport's choke point. Every answer's ids are remembered as
 * existing; an acknowledged create enters the ledger only when its id is verifiably the run's:
 * not shown by the target before, and reading it back (within the consistency wait) gives what
 * the run sent. Otherwise the create is marked `foreign` (or `unverified`) and its id is never
 * written to; the run's real resource is then looked for by the name it was given, so that
 * cleanup can still remove it.
 */
export class OwnershipKeeper {
  private readonly router: Router;
  private readonly all: Record<string, ResourceInfo>;
  /** Acknowledged creates whose id is new but could not be read back yet (budget, Ctrl-C, lag). */
  private readonly unsettled: Claim[] = [];
  /** Creates whose answered id was not the run's, and whose real resource was not found by its name. */
  private readonly orphans: Unaccounted[] = [];
  /** Creates in a row whose id could not be verified. */
  private streak = 0;
  /** Deletes of the run's own resources in a row that failed. */
  private failedDeletes = 0;
  /** Why the target cannot be trusted to delete what the run creates, once it showed so. */
  private deletesRefused: string | undefined;
  /** Creates sent whose answer never arrived (cut short, connection lost): found later by name. */
  private readonly lost: Array<{
    resource: ResourceInfo;
    sent: Record<string, unknown>;
    parentId?: string;
    seq: number;
  }> = [];

  constructor(private readonly options: OwnershipOptions) {
    this.router = new Router(options.baseUrl, options.operations);
    this.all = resources(options.doc);
  }

  /** A create whose answer never arrived may still have made something: remembered for cleanup. */
  readonly unanswered = (exchange: Exchange): void => {
    const routed = this.router.route(exchange.request.method, new URL(exchange.request.url));
    const found = routed === undefined ? undefined : resourceOf(this.options.doc, routed.operation.operationId);
    if (found?.action !== 'create' || this.lost.length >= MAX_PENDING) return;
    const sent = jsonObjectOf(exchange.request.body) ?? {};
    const parentId = idIn(sent[found.resource.parent.field]);
    this.lost.push({
      resource: found.resource,
      sent,
      ...(parentId === undefined ? {} : { parentId }),
      seq: exchange.seq,
    });
  };

  readonly observe = async (exchange: Exchange, transport: HttpTransport): Promise<void> => {
    const response = exchange.response;
    const routed = this.router.route(exchange.request.method, new URL(exchange.request.url));
    const found = routed === undefined ? undefined : resourceOf(this.options.doc, routed.operation.operationId);
    if (found?.action === 'delete' && routed !== undefined)
      this.judgeDelete(exchange, routed.pathValues[found.resource.idParameter]);
    if (response === undefined) return this.unanswered(exchange);
    if (response.status < 200 || response.status >= 300 || routed === undefined) return;
    if (found?.action === 'create') {
      const ownership = await this.verifyCreate(exchange, found.resource, transport);
      exchange.ownership = ownership;
      if (this.options.stateful !== false) this.streak = ownership.verdict === 'own' ? 0 : this.streak + 1;
      if (ownership.verdict === 'foreign' && ownership.recoveredId === undefined) {
        const sent = jsonObjectOf(exchange.request.body) ?? {};
        this.orphan(
          found.resource,
          sent,
          ownership.id,
          `the create answered ${ownership.id ?? 'no id'}, not the run's resource (${ownership.reason ?? ''}), and no new item with the name it sent was found`,
        );
      }
      return;
    }
    for (const id of idsShown(response.json))
      this.options.ledger.sawId(id, (exchange.answeredAtSeq ?? exchange.seq) + 1);
    if (found?.action === 'delete') {
      const id = routed.pathValues[found.resource.idParameter];
      if (id !== undefined) this.options.ledger.markDeleted(id);
    }
    if (found?.action === 'update') {
      const id = routed.pathValues[found.resource.idParameter];
      const sent = jsonObjectOf(exchange.request.body);
      if (id !== undefined && typeof sent?.name === 'string') this.options.ledger.renamed(id, sent.name);
    }
  };

  private async verifyCreate(exchange: Exchange, resource: ResourceInfo, transport: HttpTransport): Promise<Ownership> {
    const { ledger } = this.options;
    const sent = jsonObjectOf(exchange.request.body) ?? {};
    const parentId = idIn(sent[resource.parent.field]);
    const id = answeredId(exchange);
    const recover = () => this.recover(resource, sent, parentId, exchange.seq, transport);
    const mismatch = async (reason: string, readBack?: Exchange): Promise<Ownership> => ({
      verdict: 'foreign',
      id,
      reason,
      ...(readBack === undefined ? {} : { readBack }),
      ...(await recover()),
    });
    if (id === undefined) {
      const found = await recover();
      if (found.recoveredId === undefined)
        this.orphan(
          resource,
          sent,
          undefined,
          'the create answered no id, and no new item with the name it sent was found',
        );
      return { verdict: 'unverified', id, reason: 'the answer names no id', ...found };
    }
    if (ledger.owns(id)) return mismatch(`${id} is already the id of another resource this run created`);
    if (ledger.wasSeen(id, exchange.seq)) {
      return mismatch(`${id} was shown by the target before this create, so it is not the new resource`);
    }
    const claim: Claim = { resource, id, sent, ...(parentId === undefined ? {} : { parentId }) };
    let readBack: Exchange;
    try {
      readBack = await this.readBack(resource, id, transport, this.options.consistencyWaitMs);
    } catch (error) {
      // Cut short before it could be read back: cleanup settles it (and deletes it if it is the run's).
      this.remember(claim);
      throw error;
    }
    const status = readBack.response?.status;
    if (!isDocumentedSuccess(this.operation(resource.operations.get), status)) {
      this.remember(claim);
      return { verdict: 'unverified', id, reason: `reading ${id} back answered ${status ?? readBack.error}`, readBack };
    }
    return this.judge(claim, readBack, recover);
  }

  private remember(claim: Claim): void {
    if (this.unsettled.length < MAX_PENDING) this.unsettled.push(claim);
  }

  private orphan(resource: ResourceInfo, sent: Record<string, unknown>, id: string | undefined, reason: string): void {
    if (this.options.stateful === false || this.orphans.length >= MAX_PENDING) return;
    const parentId = idIn(sent[resource.parent.field]);
    this.orphans.push({
      collection: resource.name,
      ...(id === undefined ? {} : { id }),
      ...(parentId === undefined ? {} : { parentId }),
      ...(typeof sent.name === 'string' ? { name: sent.name } : {}),
      reason,
    });
  }

  /**
   * A delete of one of the run's own live resources: a redirect, or several failures in a row,
   * mean the target will not let the run clean up, so it must create nothing more.
   */
  private judgeDelete(exchange: Exchange, id: string | undefined): void {
    const owned = id === undefined ? undefined : this.options.ledger.get(id);
    if (owned === undefined || owned.deleted || this.options.stateful === false) return;
    const status = exchange.response?.status;
    const where = `${exchange.request.method} ${new URL(exchange.request.url).pathname}`;
    if (status !== undefined && status >= 300 && status < 400) {
      this.deletesRefused ??= `${where}, a delete of a resource this run created, answered ${status} (a redirect roomkit never follows)`;
    } else if (status === undefined || status >= 500) {
      this.failedDeletes += 1;
      if (this.failedDeletes >= MAX_FAILED_DELETES)
        this.deletesRefused ??= `${this.failedDeletes} deletes in a row of resources this run created failed (the last: ${where} answered ${status ?? exchange.error})`;
    } else {
      this.failedDeletes = 0;
    }
  }

  /**
   * Why the guard must refuse further creates: too many in a row could not be verified as the
   * run's, or the target refused to delete the run's own resources (what it creates would stay).
   */
  readonly createsRefused = (): string | undefined => {
    if (this.deletesRefused !== undefined)
      return `no more creates: ${this.deletesRefused}, so what the run creates could not be cleaned up`;
    return this.streak >= MAX_UNVERIFIED_CREATES
      ? `no more creates: the last ${this.streak} creates answered ids this run could not verify as its own, so what it creates cannot be cleaned up`
      : undefined;
  };

  /**
   * After settle: every create that may have made something the run could not identify and
   * delete, including those whose answer (or its loss) came after settle took stock.
   */
  unaccounted(): Unaccounted[] {
    const late = 'its answer (or its loss) came after the cleanup began, so nothing read it back';
    for (const claim of this.unsettled.splice(0))
      if (!this.options.ledger.owns(claim.id))
        this.orphan(claim.resource, claim.sent, claim.id, `the create answered ${claim.id}: ${late}`);
    for (const { resource, sent } of this.lost.splice(0))
      this.orphan(resource, sent, undefined, `the create got no answer: ${late}`);
    return [...this.orphans];
  }

  /** Compares the read-back with what the create sent; records the id when they agree. */
  private async judge(
    claim: Claim,
    readBack: Exchange,
    recover: () => Promise<{ recoveredId?: string }>,
  ): Promise<Ownership> {
    const { resource, id, sent, parentId } = claim;
    const mismatch = async (reason: string): Promise<Ownership> => {
      const found = await recover();
      // The listing shows the answered id under the name the run sent: it is the run's after all
      // (the read-back itself was unusable: cut at --max-body, not JSON).
      if (found.recoveredId === id) return { verdict: 'own', id, readBack };
      return { verdict: 'foreign', id, reason, readBack, ...found };
    };
    const shown = readBack.response?.json;
    const differs = Object.entries(sent).find(
      ([field, value]) =>
        (typeof value === 'string' || typeof value === 'number') &&
        isObject(shown) &&
        field in shown &&
        String(shown[field]) !== String(value),
    );
    if (!isObject(shown)) return mismatch(`reading ${id} back answered a body that is not a JSON object`);
    if (differs !== undefined) {
      const [field, value] = differs;
      return mismatch(
        `reading ${id} back shows ${field} ${JSON.stringify(shown[field])}, not the ${JSON.stringify(value)} this run sent`,
      );
    }
    this.options.ledger.record(resource.name, id, parentId, typeof sent.name === 'string' ? sent.name : undefined);
    return { verdict: 'own', id, readBack };
  }

  /**
   * Before cleanup: reads back once more every acknowledged create that could not be verified
   * (cut short, or not yet readable), so that what is verifiably the run's is deleted too. The
   * reads run concurrently (the transport's window bounds them) and none starts after `until`
   * (a time from Date.now): settling takes a bounded part of the cleanup share, the rest is for
   * deleting.
   */
  async settle(transport: HttpTransport, until = Number.POSITIVE_INFINITY): Promise<void> {
    const unsettled = this.unsettled.splice(0);
    const lost = this.lost.splice(0);
    const late = `cleanup ran out of the time it gives settling`;
    const outOfTime = (error: unknown): string | undefined =>
      error instanceof BudgetExhausted ? `cleanup ran out of time: ${error.reason}` : undefined;
    await mapConcurrently(unsettled, transport.window.concurrency, async (claim) => {
      if (this.options.ledger.owns(claim.id)) return;
      const why = `the create answered ${claim.id}, which could not be read back as the run's`;
      if (Date.now() >= until || transport.budget.stopped !== undefined) {
        this.orphan(claim.resource, claim.sent, claim.id, `${why} (${transport.budget.stopped ?? late})`);
        return;
      }
      try {
        const readBack = await this.readBack(claim.resource, claim.id, transport, 0);
        if (isDocumentedSuccess(this.operation(claim.resource.operations.get), readBack.response?.status))
          await this.judge(claim, readBack, async () => ({}));
        if (!this.options.ledger.owns(claim.id)) {
          this.orphan(
            claim.resource,
            claim.sent,
            claim.id,
            `the create answered ${claim.id}, which reads back as ${readBack.response?.status ?? readBack.error}: not verifiably the run's, so not deleted`,
          );
        }
      } catch (error) {
        const reason = outOfTime(error);
        if (reason === undefined && !(error instanceof LiveSafetyRefusal)) throw error;
        this.orphan(claim.resource, claim.sent, claim.id, `${why} (${reason ?? (error as Error).message})`);
      }
    });
    await mapConcurrently(lost, transport.window.concurrency, async ({ resource, sent, parentId, seq }) => {
      const why = 'the create got no answer, and no new item with the name it sent was found';
      if (Date.now() >= until || transport.budget.stopped !== undefined) {
        this.orphan(resource, sent, undefined, `${why} (${transport.budget.stopped ?? late})`);
        return;
      }
      try {
        const { recoveredId } = await this.recover(resource, sent, parentId, seq, transport);
        if (recoveredId === undefined) this.orphan(resource, sent, undefined, why);
      } catch (error) {
        const reason = outOfTime(error);
        if (reason === undefined && !(error instanceof LiveSafetyRefusal)) throw error;
        this.orphan(resource, sent, undefined, `${why} (${reason ?? (error as Error).message})`);
      }
    });
  }

  /** GET of the new id, retried while it answers the gone-after-delete status (404) within the consistency wait (eventual consistency). */
  private async readBack(
    resource: ResourceInfo,
    id: string,
    transport: HttpTransport,
    waitMs: number,
  ): Promise<Exchange> {
    const operation = this.operation(resource.operations.get);
    const clock = this.options.clock ?? systemClock;
    const gone = goneStatus(this.options.doc);
    // The last read falls at the end of the wait: an item readable just within it is the run's.
    const { value } = await readUntil({
      read: () =>
        transport.send({
          operationId: operation.operationId,
          method: operation.method,
          path: operation.path.replace(`{${resource.idParameter}}`, encodeURIComponent(id)),
          headers: this.options.headers(),
        }),
      settles: (read) => read.response?.status !== gone,
      until: clock.now() + waitMs,
      pause: (attempt) => Math.min(FIRST_POLL_MS * 2 ** (attempt - 1), LAST_POLL_MS),
      clock,
      transport,
    });
    return value;
  }

  /**
   * After a create answered an id that is not the run's, finds the run's real resource by the
   * name it sent (names carry the run id): only an item the target never showed before counts.
   */
  private async recover(
    resource: ResourceInfo,
    sent: Record<string, unknown>,
    parentId: string | undefined,
    createdAt: number,
    transport: HttpTransport,
  ): Promise<{ recoveredId?: string }> {
    const { ledger } = this.options;
    const name = sent.name;
    const pagination = paginationOf(this.options.doc, resource.operations.list);
    if (typeof name !== 'string' || parentId === undefined || pagination === undefined) return {};
    const operation = this.operation(resource.operations.list);
    const fetchPage = (token: string | undefined) =>
      transport.send({
        operationId: operation.operationId,
        method: operation.method,
        path: operation.path,
        query: {
          [pagination.filter]: parentId,
          [pagination.pageSize]: pagination.pageSizeMaximum,
          [pagination.token]: token,
        },
        headers: this.options.headers(),
      });
    const maxPages = this.options.maxRecoveryPages ?? DEFAULT_RECOVERY_PAGES;
    for await (const list of followPages(pagination, fetchPage, maxPages)) {
      const items = isObject(list.response?.json) ? list.response.json[pagination.items] : undefined;
      if (!isDocumentedSuccess(operation, list.response?.status) || !Array.isArray(items)) return {};
      for (const item of items) {
        const id = isObject(item) ? idIn(item.id) : undefined;
        if (
          id !== undefined &&
          isObject(item) &&
          item.name === name &&
          !ledger.owns(id) &&
          !ledger.wasSeen(id, createdAt)
        ) {
          ledger.record(resource.name, id, parentId, name);
          return { recoveredId: id };
        }
      }
    }
    return {};
  }

  private operation(operationId: string): OperationInfo {
    const operation = this.options.operations.find((o) => o.operationId === operationId);
    if (operation === undefined) throw new Error(`x-roomkit-resources names ${operationId}, which the spec lacks`);
    return operation;
  }
}
