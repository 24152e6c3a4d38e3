// Bounded read-after-write lag (the read-after-write-lag tolerance): for `lagMs` after a create
// or an update, reads (get and list) still show the item as it was before: absent after a
// create, with its old fields after an update. Writes always see the truth. With a lag of 0
// (the default hooks) nothing is remembered.
import type { StoredItem } from './store.js';

interface Recent {
  at: number;
  /** The fields before the write; undefined: the write created the item. */
  before: Record<string, unknown> | undefined;
}

export class ReadLag {
  private readonly recent = new Map<string, Recent>();

  constructor(
    private readonly lagMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a write of `id`; `before` is the item's fields before an update. */
  wrote(id: string, before?: Record<string, unknown>): void {
    if (this.lagMs() <= 0) return;
    // A second write inside the window keeps showing the first state readers saw.
    const earlier = this.recent.get(id);
    this.recent.set(id, { at: this.now(), before: earlier ? earlier.before : before });
  }

  /** The item as reads see it now: undefined while a create is not visible yet. */
  view(item: StoredItem): StoredItem | undefined {
    const recent = this.recent.get(item.id);
    if (recent === undefined) return item;
    if (this.now() - recent.at >= this.lagMs()) {
      this.recent.delete(item.id);
      return item;
    }
    return recent.before === undefined ? undefined : { ...item, fields: recent.before };
  }
}
