import { validFor } from '@roomkit/arbitraries';
import { nounOf, withArticle } from '@roomkit/openapi';
import fc from 'fast-check';
import { SetupFailed } from '../properties/property.js';
import type { Session } from '../session.js';
import { HospitalityApi, ok } from './api.js';

/**
 * Like Promise.all, but settles every promise before throwing the first failure: nothing a run
 * started is still sending when the run ends (its exchanges would land in the next run's trial).
 */
export async function allOrFirstError<T>(promises: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/** Per-run hospitality state shared by the properties: the API, the organizations, lazily built fixtures. */
export class HospitalityContext {
  readonly api: HospitalityApi;
  private shared: Promise<string[]> | undefined;

  constructor(
    readonly session: Session,
    readonly organizationId: string,
    readonly secondOrganizationId?: string,
  ) {
    this.api = new HospitalityApi(session, organizationId);
  }

  get ledger() {
    return this.session.ledger;
  }

  /**
   * Creates one resource with a recognisable name; a refusal is a setup failure (already reported
   * by the checks). A stateless mock remembers nothing, so there the run makes up an id of its
   * own instead (valid for the id's schema): reads and writes to it cannot touch anybody's data,
   * even if the "mock" is a live API.
   */
  async make(collection: string, parentId: string, name = this.ledger.name(collection)): Promise<string> {
    if (!this.session.traits.stateful) return this.syntheticId(collection);
    const { exchange, id } = await this.api.create(collection, name, parentId, { intent: 'positive' });
    if (!ok(exchange) || id === undefined) {
      throw new SetupFailed(
        `could not create ${withArticle(nounOf(this.session.spec.doc, collection).one)} under ${parentId}: ${exchange.response?.status ?? exchange.error}`,
      );
    }
    return id;
  }

  /**
   * Creates `count` resources under one parent at once (as many in flight as the window allows),
   * so that their ownership read-backs overlap: a lagging target costs one wait per batch, not
   * one per create. Every create is awaited before the first failure is thrown, so none lands in
   * a later run's trial. Returns the ids in the order the names were given.
   */
  async makeMany(collection: string, parentId: string, count: number): Promise<string[]> {
    const names = Array.from({ length: count }, () => this.ledger.name(collection));
    return allOrFirstError(names.map((name) => this.make(collection, parentId, name)));
  }

  private synthetic = 0;

  /** An id of the run's own making, for a stateless target. */
  syntheticId(collection: string): string {
    const info = this.api.resource(collection);
    const parameter = this.session.spec
      .operation(info.operations.get)
      .parameters.find((p) => p.name === info.idParameter && p.in === 'path');
    this.synthetic += 1;
    const [value] = fc.sample(
      validFor(parameter?.schema ?? { type: 'string', minLength: 1 }, { root: this.session.spec.doc }),
      {
        numRuns: 1,
        seed: this.synthetic,
      },
    );
    const id = `${String(value)}`;
    this.ledger.recordSynthetic(id);
    return id;
  }

  /** A fresh chain from the organization down to `collection`'s parent; returns the ids, root first. */
  async chainTo(collection: string): Promise<string[]> {
    const ids: string[] = [];
    let parent = this.organizationId;
    for (const level of this.api.hierarchy) {
      if (level.name === collection) return ids;
      parent = await this.make(level.name, parent);
      ids.push(parent);
    }
    throw new Error(`x-roomkit-resources has no collection ${collection}`);
  }

  /**
   * One instance of every collection (a property, a room type in it, a room in that), created
   * on first use and reused: operations that only read or rename need no fresh state.
   */
  sharedChain(): Promise<string[]> {
    this.shared ??= (async () => {
      const ids: string[] = [];
      let parent = this.organizationId;
      for (const level of this.api.hierarchy) {
        parent = await this.make(level.name, parent);
        ids.push(parent);
      }
      return ids;
    })();
    const pending = this.shared;
    // A failed setup is retried by the next caller instead of poisoning the run.
    pending.catch(() => {
      if (this.shared === pending) this.shared = undefined;
    });
    return pending;
  }

  /** The parent id a list of `collection` is filtered by in the shared chain. */
  async sharedParentOf(collection: string): Promise<string> {
    const chain = await this.sharedChain();
    const index = this.api.hierarchy.findIndex((r) => r.name === collection);
    return index === 0 ? this.organizationId : chain[index - 1]!;
  }

  async sharedIdOf(collection: string): Promise<string> {
    const chain = await this.sharedChain();
    return chain[this.api.hierarchy.findIndex((r) => r.name === collection)]!;
  }
}

export { ok };
