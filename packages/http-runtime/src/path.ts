/**
 * Reading and writing a property path such as `['paginationContext', 'nextToken']` (the spec's
 * `x-roomkit-pagination` names such paths, split on dots).
 */

/** The value at `path`; undefined as soon as a step is missing or not an object. */
export function readPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * The object at `path` inside `root`, made (as an empty object, replacing anything that is not
 * a plain object) where it is missing. `objectAt(page, ['paginationContext'])` is where the
 * next token goes.
 */
export function objectAt(root: Record<string, unknown>, path: readonly string[]): Record<string, unknown> {
  let current = root;
  for (const key of path) {
    let next = current[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) current[key] = next = {};
    current = next as Record<string, unknown>;
  }
  return current;
}
