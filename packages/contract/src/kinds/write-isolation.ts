// The `write-isolation` rule kind (writes-change-only-their-item): a write changes only the item it
// names; every other item reads back as it was, and appears once in its parent's list. Its rule
// read from the spec, and a pure oracle over what the run read after a write: each item of the
// run's own tree against what the run knows of it. The neighbours property (hospitality/
// properties/writes.ts) makes the tree, writes, reads, and asks it.
import { ruleOf, type OpenApiDocument, type Rule } from '@roomkit/openapi';

export type WriteIsolationRule = Extract<Rule, { kind: 'write-isolation' }>;

/** The spec's `write-isolation` rule (hospitality has one). */
export function writeIsolationRule(doc: OpenApiDocument): WriteIsolationRule {
  return ruleOf(doc, 'write-isolation');
}

/** What the run knows of one of its items: its name and parent, and the field that names the parent. */
export interface KnownItem {
  readonly name: string;
  readonly parentId: string;
  readonly parentField: string;
}

/** A read of one item after the write: whether it succeeded, its status and body. */
export interface ItemRead {
  readonly ok: boolean;
  readonly status?: number;
  readonly body?: unknown;
}

/**
 * Why a read shows the item otherwise than the run knows it: refused (`answers <status>`), or
 * another name or parent; undefined when it shows the item as it was.
 */
export function readProblem(id: string, known: KnownItem, read: ItemRead): string | undefined {
  if (!read.ok) return `${id} (${known.name}) answers ${read.status ?? 'nothing'}`;
  const body = (read.body ?? {}) as Record<string, unknown>;
  if (body.name === known.name && body[known.parentField] === known.parentId) return undefined;
  return `${id} shows name ${JSON.stringify(body.name)} and ${known.parentField} ${JSON.stringify(body[known.parentField])} instead of ${JSON.stringify(known.name)} and ${JSON.stringify(known.parentId)}`;
}

/** Why an item of the run appears other than once in its parent's list (a complete walk), or undefined. */
export function listedProblem(id: string, known: KnownItem, times: number, listOperation: string): string | undefined {
  return times === 1
    ? undefined
    : `${id} (${known.name}) appears ${times} time(s) in its parent's list (${listOperation}, one item a page)`;
}
