import type { Intent } from '../checks/types.js';
import { compactExchange, type Exchange } from '../http/exchange.js';
import type { AuthKind, Session } from '../session.js';
import { nextTokenOf, paginationOf, resources, type PaginationInfo, type ResourceInfo } from '@roomkit/openapi';
import { operationPointer, specPointer } from '../openapi/pointer.js';
import { followPages } from '../http/pages.js';
import { answeredId } from '../safety/ownership.js';
import { goneStatus } from '../kinds/gone-after-delete.js';

export interface Item {
  id: string;
  [field: string]: unknown;
}

export interface Walk {
  /** The pages as answered, with bodies clipped (a walk may be long: memory stays bounded). */
  pages: Exchange[];
  /** The items of each page, in page order. */
  pageItems: Item[][];
  items: Item[];
  /** The walk ended on something other than a clean last page (4xx/5xx, loop, malformed page). */
  broken?: string;
}

/**
 * The id of what a create made, when it is usable: on a stateful target only an id the ledger
 * verified as the run's own; on a stateless mock whatever it answered (nothing there is real,
 * and the run never writes to those ids: it writes to ids of its own making instead).
 */
export function createdIdOf(exchange: Exchange, stateful: boolean): string | undefined {
  if (!ok(exchange)) return undefined;
  if (stateful) return exchange.ownership?.verdict === 'own' ? exchange.ownership.id : undefined;
  return answeredId(exchange);
}

export function ok(exchange: Exchange): boolean {
  const status = exchange.response?.status ?? 0;
  return status >= 200 && status < 300;
}

/** The hospitality API in the spec's own vocabulary (`x-roomkit-resources`, `x-roomkit-pagination`). */
export class HospitalityApi {
  readonly resources: Map<string, ResourceInfo>;

  constructor(
    readonly session: Session,
    readonly organizationId: string,
  ) {
    this.resources = new Map(Object.entries(resources(session.spec.doc)));
  }

  resource(collection: string): ResourceInfo {
    const info = this.resources.get(collection);
    if (info === undefined) throw new Error(`x-roomkit-resources has no collection ${collection}`);
    return info;
  }

  /** Collections from the root down (organizations' children first). */
  get hierarchy(): ResourceInfo[] {
    const ordered: ResourceInfo[] = [];
    let parent = 'organizations';
    for (;;) {
      const next = [...this.resources.values()].find((r) => r.parent.resource === parent);
      if (next === undefined) return ordered;
      ordered.push(next);
      parent = next.name;
    }
  }

  childOf(collection: string): ResourceInfo | undefined {
    return [...this.resources.values()].find((r) => r.parent.resource === collection);
  }

  /** The collection an id parameter belongs to (`roomId` -> rooms). */
  byIdParameter(name: string): ResourceInfo | undefined {
    return [...this.resources.values()].find((r) => r.idParameter === name);
  }

  pagination(collection: string): PaginationInfo {
    const info = paginationOf(this.session.spec.doc, this.resource(collection).operations.list);
    if (info === undefined) throw new Error(`${this.resource(collection).operations.list} has no x-roomkit-pagination`);
    return info;
  }

  listPointer(collection: string, ...more: string[]): string {
    const operation = this.session.spec.operation(this.resource(collection).operations.list);
    return operationPointer(operation.path, operation.method, ...more);
  }

  operationPointer(operationId: string, ...more: string[]): string {
    const operation = this.session.spec.operation(operationId);
    return operationPointer(operation.path, operation.method, ...more);
  }

  rulePointer(rule: string): string {
    return specPointer('x-roomkit-rules', rule);
  }

  async create(
    collection: string,
    name: string,
    parentId: string,
    options: { auth?: AuthKind; intent?: Intent } = {},
  ): Promise<{ exchange: Exchange; id?: string }> {
    const info = this.resource(collection);
    const exchange = await this.session.call(info.operations.create, {
      json: { name, [info.parent.field]: parentId },
      ...options,
    });
    const id = createdIdOf(exchange, this.session.traits.stateful);
    return { exchange, ...(id === undefined ? {} : { id }) };
  }

  get(
    collection: string,
    id: string,
    options: { auth?: AuthKind; intent?: Intent; cause?: Exchange } = {},
  ): Promise<Exchange> {
    const info = this.resource(collection);
    return this.session.call(info.operations.get, { path: { [info.idParameter]: id }, ...options });
  }

  update(
    collection: string,
    id: string,
    body: unknown,
    options: { auth?: AuthKind; intent?: Intent } = {},
  ): Promise<Exchange> {
    const info = this.resource(collection);
    return this.session.call(info.operations.update, { path: { [info.idParameter]: id }, json: body, ...options });
  }

  delete(collection: string, id: string, options: { auth?: AuthKind; intent?: Intent } = {}): Promise<Exchange> {
    const info = this.resource(collection);
    return this.session.call(info.operations.delete, { path: { [info.idParameter]: id }, ...options });
  }

  listPage(
    collection: string,
    parentId: string,
    query: Record<string, string | number | undefined> = {},
    options: { auth?: AuthKind; intent?: Intent } = {},
  ): Promise<Exchange> {
    const info = this.resource(collection);
    const pagination = this.pagination(collection);
    return this.session.call(info.operations.list, { query: { [pagination.filter]: parentId, ...query }, ...options });
  }

  itemsOf(collection: string, exchange: Exchange): Item[] | undefined {
    const items = (exchange.response?.json as Record<string, unknown> | undefined)?.[this.pagination(collection).items];
    if (!Array.isArray(items)) return undefined;
    return items.map((item) => ({ ...(item as Record<string, unknown>), id: String((item as { id?: unknown }).id) }));
  }

  nextTokenOf(collection: string, exchange: Exchange): string | undefined {
    // Absent, null, or an absent paginationContext all mark the last page.
    return nextTokenOf(this.pagination(collection), exchange.response?.json);
  }

  /**
   * Follows `nextToken` until the last page. An empty list may legitimately be a 404, on the
   * first page only; a token that leads to nothing is reported by the pagination rules.
   */
  async walk(
    collection: string,
    parentId: string,
    maxResults?: number,
    options: { auth?: AuthKind; maxPages?: number } = {},
  ): Promise<Walk> {
    const pagination = this.pagination(collection);
    const walk: Walk = { pages: [], pageItems: [], items: [] };
    const maxPages = options.maxPages ?? 200;
    let last: Exchange | undefined;
    const fetchPage = (token: string | undefined) =>
      this.listPage(
        collection,
        parentId,
        { [pagination.pageSize]: maxResults, [pagination.token]: token },
        options.auth === undefined ? {} : { auth: options.auth },
      );
    for await (const page of followPages(pagination, fetchPage, maxPages)) {
      walk.pages.push(compactExchange(page));
      const status = page.response?.status ?? 0;
      if (status === goneStatus(this.session.spec.doc) && last === undefined) return walk;
      if (!ok(page)) {
        walk.broken = `page ${walk.pages.length} answered ${status || page.error}`;
        return walk;
      }
      const items = this.itemsOf(collection, page);
      if (items === undefined) {
        walk.broken = `page ${walk.pages.length} has no ${pagination.items} array`;
        return walk;
      }
      walk.pageItems.push(items);
      walk.items.push(...items);
      last = page;
    }
    if (last !== undefined && this.nextTokenOf(collection, last) !== undefined)
      walk.broken = `still a nextToken after ${maxPages} pages`;
    return walk;
  }
}
