import { apiDiff, type Diff } from 'api-smart-diff';
import { deref, pointerSegment, type OpenApiDocument } from '@roomkit/openapi';
import { classifyChange, type Classification } from './change-policy.js';
import { describeChange } from './describe-change.js';

/** One difference between two forms of a spec, classified for the clients generated from it. */
export interface SpecChange {
  /**
   * JSON Pointer of the change in the dereferenced document (api-smart-diff resolves every
   * `$ref`, so a change to a shared schema is reported at each operation that uses it): into the
   * released form for removals and replacements, into the current form for additions.
   */
  pointer: string;
  /** Where the changed value is written in the bundled document (after following `$ref`s), when that differs. */
  definedAt?: string;
  action: Diff['action'];
  classification: Classification;
  /** What changed, e.g. `field-removed`, `bound-narrowed`, `enum-value-added` (see change-policy.ts). */
  kind: string;
  /** Which side of the exchange the change concerns. */
  side: 'request' | 'response' | 'document';
  /** One sentence naming the operation, the element and the change. */
  description: string;
  /** api-smart-diff's own verdict, kept when roomkit's policy overrides it. */
  libraryVerdict: string;
  /** The roomkit rule that overrode the library's verdict, if any. */
  rule?: string;
  before?: unknown;
  after?: unknown;
}

export function toPointer(path: readonly (string | number)[]): string {
  return `#${path.map((segment) => `/${pointerSegment(String(segment))}`).join('')}`;
}

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null;

/**
 * The pointer at which the value at `path` (a path through the dereferenced document) is written
 * in `doc`, following `$ref`s on the way; undefined where api-smart-diff's own normalisations
 * (path-level parameters copied into operations, merged `allOf`) leave no literal counterpart.
 */
export function definitionPointer(doc: OpenApiDocument, path: readonly (string | number)[]): string | undefined {
  let node: unknown = doc;
  let at: (string | number)[] = [];
  for (const segment of path) {
    if (isObj(node) && typeof node.$ref === 'string') {
      const target = deref(doc, node, toPointer(at));
      node = target.value;
      at = target.pointer
        .slice(2)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    }
    if (!isObj(node) || !(String(segment) in node)) return undefined;
    node = (node as Obj)[String(segment)];
    at = [...at, segment];
  }
  return toPointer(at);
}

/**
 * A change inside `components` is reported where it takes effect, at each operation that uses the
 * component, with the request or response direction that decides whether it breaks clients.
 * What is kept from `components`: whole components added or removed (the generated clients export
 * `components['schemas'][name]` types) and security schemes (which operations name, not `$ref`).
 */
function reportedWhereUsed(path: readonly (string | number)[]): boolean {
  return path[0] === 'components' && path[1] !== 'securitySchemes' && path.length > 3;
}

/**
 * Classifies every difference between the released and the current bundled form of one spec.
 * The diff itself (matching operations, parameters by name and location, enum values, resolving
 * `$ref`s, OpenAPI 3.1 schemas) is api-smart-diff's; the verdicts are roomkit's policy for clients
 * of the generated typed clients (change-policy.ts), which starts from the library's verdict.
 */
export function diffSpecs(released: OpenApiDocument, current: OpenApiDocument): SpecChange[] {
  const diffs = apiDiff(released, current);
  const changes: SpecChange[] = [];
  for (const diff of diffs) {
    if (reportedWhereUsed(diff.path)) continue;
    const source = diff.action === 'add' ? current : released;
    const { kind, side, classification, rule } = classifyChange(diff);
    // An added array item (an enum value, a parameter) is numbered in api-smart-diff's merged
    // array, not in the current document: name the array, and the value in the description.
    const at = diff.action === 'add' && typeof diff.path.at(-1) === 'number' ? diff.path.slice(0, -1) : diff.path;
    const pointer = toPointer(at);
    const definedAt = definitionPointer(source, at);
    changes.push({
      pointer,
      ...(definedAt && definedAt !== pointer ? { definedAt } : {}),
      action: diff.action,
      classification,
      kind,
      side,
      description: describeChange(diff, kind, source),
      libraryVerdict: diff.type,
      ...(rule ? { rule } : {}),
      ...(diff.before !== undefined ? { before: diff.before } : {}),
      ...(diff.after !== undefined ? { after: diff.after } : {}),
    });
  }
  return changes;
}
