/** A resource this run created on the target, and so may update and must delete. */
export interface OwnedResource {
  collection: string;
  id: string;
  parentId?: string;
  deleted: boolean;
}

/**
 * The live-safety ledger: the only source of ids a run may update or delete. Everything it
 * creates is recorded here the moment the target acknowledges it, and cleanup walks it
 * children first.
 */
export class ResourceLedger {
  private readonly owned = new Map<string, OwnedResource>();
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

  record(collection: string, id: string, parentId?: string): void {
    const existing = this.owned.get(id);
    if (existing !== undefined) return;
    this.owned.set(id, { collection, id, ...(parentId === undefined ? {} : { parentId }), deleted: false });
  }

  owns(id: string): boolean {
    return this.owned.has(id);
  }

  get(id: string): OwnedResource | undefined {
    return this.owned.get(id);
  }

  markDeleted(id: string): void {
    const entry = this.owned.get(id);
    if (entry !== undefined) entry.deleted = true;
  }

  /** Not-yet-deleted resources, children before parents so each delete can succeed. */
  pendingCleanup(): OwnedResource[] {
    const pending = [...this.owned.values()].filter((r) => !r.deleted);
    const depth = (r: OwnedResource): number => {
      let d = 0;
      let cursor: OwnedResource | undefined = r;
      const seen = new Set<string>();
      while (cursor?.parentId !== undefined && !seen.has(cursor.id)) {
        seen.add(cursor.id);
        cursor = this.owned.get(cursor.parentId);
        if (cursor === undefined) break;
        d += 1;
      }
      return d;
    };
    return pending.sort((a, b) => depth(b) - depth(a));
  }

  get size(): number {
    return this.owned.size;
  }
}

export function newRunId(seed: number): string {
  // Alphanumeric only, so it also fits the strictest name pattern (room names).
  return `${(seed >>> 0).toString(36)}${Date.now().toString(36).slice(-4)}`;
}
