// The small state model the rule kinds' oracles read: the items a run created, as the oracles
// see them, a write as they judge it, a request as the state kinds judge it, and what the spec
// says of a request it refuses.
import type { OpenApiDocument, Rule } from '@roomkit/openapi';

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

/** What the model holds: the items that exist, and every item it knew (the deleted ones too). */
export interface ModelState {
  readonly live: readonly ModelItem[];
  readonly known: readonly ModelItem[];
}

/** A write request as the state kinds judge it, with the operation that sends it. */
export type ModelRequest =
  | { readonly action: 'create'; readonly operationId: string; readonly write: ModelWrite }
  | { readonly action: 'update'; readonly operationId: string; readonly write: ModelWrite & { readonly id: string } }
  | { readonly action: 'delete'; readonly operationId: string; readonly item: ModelItem };

/**
 * A rule kind whose promise depends on what the target holds (a name in use, a parent deleted,
 * children left): its rules read from the spec, and a pure oracle that says whether the spec
 * refuses a request in a given state. `STATE_RULE_KINDS` (state-kinds.ts) is the registry the
 * model-based property asks.
 */
export interface StateRuleKind<K extends Rule['kind'] = Rule['kind']> {
  readonly kind: K;
  rules(doc: OpenApiDocument): Extract<Rule, { kind: K }>[];
  /** The rule of this kind the request breaks in `state`, with its status and why; undefined when none. */
  refusal(
    doc: OpenApiDocument,
    state: ModelState,
    request: ModelRequest,
  ): Refusal<Extract<Rule, { kind: K }>> | undefined;
}
