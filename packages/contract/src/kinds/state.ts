// The small state model the rule kinds' oracles read: the items a run created, as the oracles
// see them, a write as they judge it, and what the spec says of a write it refuses.

/** An item of the state model: what the run created, with the fields the rules read. */
export interface ModelItem {
  readonly collection: string;
  readonly id: string;
  readonly parentId: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A create (no id yet) or an update (the item's id) as the oracle sees it: the item after the write. */
export interface ModelWrite {
  readonly collection: string;
  readonly id?: string;
  readonly parentId: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** What the spec says of a write it refuses: the rule broken, the status it is refused with, and why. */
export interface Refusal<R> {
  readonly rule: R;
  readonly status: number;
  readonly message: string;
}
