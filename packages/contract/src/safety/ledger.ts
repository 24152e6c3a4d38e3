/** A resource this run created on the target, and so may update and must delete. */
export interface OwnedResource {
  collection: string;
  id: string;
  parentId?: string;
  /** The name the resource had when the run last wrote it: `roomkit cleanup` deletes only if it still has it. */
  name?: string;
  deleted: boolean;
}

/** A resource the run could not delete, and why. */
export interface Leftover extends OwnedResource {
  reason: string;
}

/** At most this many foreign ids are remembered (a run reads a bounded number of pages). */
const MAX_SEEN = 200_000;

/**
 * The live-safety ledger: the only source of ids a run may update or delete, or create under.
 * An id enters it only once it is verifiably the run's own (safety/ownership.ts); cleanup walks
 * it children first. It also remembers every id the target showed before the run created it
 * (`seen`), so a create that answers with one of those is recognised as not the run's.
 */
export class ResourceLedger {
  private readonly owned = new Map<string, OwnedResource>();
  /** Ids the run made up itself (never sent to a create), for writes to a stateless mock. */
  private readonly synthetic = new Set<string>();
  /**
   * Foreign ids the target showed, each with the first request seq sent after an answer showed
   * it (with requests in flight together, an answer can arrive after requests sent later).
   */
  private readonly seenIds = new Map<string, number>();
  private sequence = 0;

  constructor(readonly runId: string) {}

  /** Recognisable names: an operator can find (and bulk-remove) leftovers of a run by prefix. */
  get prefix(): string {
    return `roomkit-${this.runId}-`;
  }

  name(label: string | number = ''): string {
    this.sequence += 1;
    return `${this.prefix}${this.sequence}${label === '' ? '' : `-${label}`}`;
  }

  record(collection: string, id: string, parentId?: string, name?: string): void {
    if (this.owned.has(id)) return;
    this.seenIds.delete(id);
    this.owned.set(id, {
      collection,
      id,
      ...(parentId === undefined ? {} : { parentId }),
      ...(name === undefined ? {} : { name }),
      deleted: false,
    });
  }

  /** An id of the run's own making, that no target can have given to anybody else's resource. */
  recordSynthetic(id: string): void {
    this.synthetic.add(id);
  }

  /** May the run write to (or under) this id? */
  owns(id: string): boolean {
    return this.owned.has(id) || this.synthetic.has(id);
  }

  /** Every id the run created (deleted ones too). */
  ids(): string[] {
    return [...this.owned.keys()];
  }

  get(id: string): OwnedResource | undefined {
    return this.owned.get(id);
  }

  renamed(id: string, name: string): void {
    const entry = this.owned.get(id);
    if (entry !== undefined) entry.name = name;
  }

  markDeleted(id: string): void {
    const entry = this.owned.get(id);
    if (entry !== undefined) entry.deleted = true;
  }

  /**
   * The target showed this id (in a list or a read) as something that exists, in an answer that
   * arrived before the request with seq `knownFrom` was sent.
   */
  sawId(id: string, knownFrom: number): void {
    const first = this.seenIds.get(id);
    if (this.owned.has(id) || (first !== undefined && first <= knownFrom) || this.seenIds.size >= MAX_SEEN) return;
    this.seenIds.set(id, knownFrom);
  }

  /** Had an answer shown the id before the request `seq` was sent (any answer, when `seq` is not given)? */
  wasSeen(id: string, seq = Number.POSITIVE_INFINITY): boolean {
    const first = this.seenIds.get(id);
    return first !== undefined && first <= seq;
  }

  /** How many of the run's resources lie above this one (0: created under an organization). */
  depthOf(resource: OwnedResource): number {
    let d = 0;
    let cursor: OwnedResource | undefined = resource;
    const seen = new Set<string>();
    while (cursor?.parentId !== undefined && !seen.has(cursor.id)) {
      seen.add(cursor.id);
      cursor = this.owned.get(cursor.parentId);
      if (cursor === undefined) break;
      d += 1;
    }
    return d;
  }

  /** Not-yet-deleted resources, children before parents so each delete can succeed. */
  pendingCleanup(): OwnedResource[] {
    const pending = [...this.owned.values()].filter((r) => !r.deleted);
    return pending.sort((a, b) => this.depthOf(b) - this.depthOf(a));
  }

  get size(): number {
    return this.owned.size;
  }
}

export function newRunId(seed: number): string {
  // Alphanumeric only, so it also fits the strictest name pattern (room names).
  return `${(seed >>> 0).toString(36)}${Date.now().toString(36).slice(-4)}`;
}
