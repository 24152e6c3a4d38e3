import { decisions, listOperations, rules, tolerances, type OpenApiDocument } from '@roomkit/openapi';
import { slugify } from './markdown.js';

/** The marker the spec's authors put before a decision inside a description. */
export const DECISION_MARKER = '**roomkit decision:**';

export interface InlineNote {
  /** JSON Pointer (`#/...`) of the description that carries the note. */
  pointer: string;
  /** Where a reader meets it, e.g. `PUT /enterprise/hospitality/v1/rooms/{roomId} (updateRoom)`. */
  where: string;
  operationId?: string;
  /** The note's markdown, from the marker to the end of its paragraph. */
  text: string;
  /**
   * True for the description of a named schema that is used as a whole request or response
   * body: Redoc 3 shows the body's properties but never that schema's own description, so
   * such a note reaches readers only through the spec decisions page and the JSON download.
   */
  hiddenByRedoc: boolean;
}

export interface Addition {
  operationId: string;
  method: string;
  path: string;
  tag?: string;
  status: string;
  description: string;
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Human name of the element a JSON Pointer lands in. */
export function describePointer(doc: OpenApiDocument, pointer: string): { where: string; operationId?: string } {
  const segments = pointer.replace(/^#\//, '').split('/').map(unescapeSegment);
  if (segments[0] === 'paths' && segments.length >= 3) {
    const path = segments[1]!;
    const method = segments[2]!;
    const op = doc.paths[path]?.[method];
    if (isObj(op) && typeof op.operationId === 'string') {
      const rest = segments.slice(3);
      let detail = '';
      if (rest[0] === 'responses' && rest[1]) detail = `, response ${rest[1]}`;
      else if (rest[0] === 'parameters') detail = ', parameter';
      else if (rest[0] === 'requestBody') detail = ', request body';
      return { where: `${method.toUpperCase()} ${path} (${op.operationId}${detail})`, operationId: op.operationId };
    }
    return { where: `path ${path}` };
  }
  if (segments[0] === 'components' && segments.length >= 3) {
    const kind = segments[1]!
      .replace(/s$/, '')
      .replace(/([A-Z])/g, ' $1')
      .toLowerCase();
    const field = segments.includes('properties') ? `.${segments[segments.lastIndexOf('properties') + 1]}` : '';
    return { where: `${kind} ${segments[2]}${field}` };
  }
  if (segments[0] === 'info') return { where: 'API overview' };
  return { where: pointer };
}

/** Names of the component schemas that some operation uses directly as its request or response body. */
export function bodySchemaNames(doc: OpenApiDocument): Set<string> {
  const names = new Set<string>();
  for (const op of listOperations(doc)) {
    const schemas = [op.requestBody?.schema, ...Object.values(op.responses).map((r) => r.schema)];
    for (const schema of schemas) {
      const ref = typeof schema === 'object' && schema !== null ? (schema as Obj).$ref : undefined;
      const match = typeof ref === 'string' ? /^#\/components\/schemas\/([^/]+)$/.exec(ref) : null;
      if (match) names.add(unescapeSegment(match[1]!));
    }
  }
  return names;
}

/** Every `description` in the document that carries a roomkit decision note, in document order. */
export function inlineNotes(doc: OpenApiDocument): InlineNote[] {
  const bodySchemas = bodySchemaNames(doc);
  const notes: InlineNote[] = [];
  const visit = (node: unknown, pointer: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, `${pointer}/${i}`));
      return;
    }
    if (!isObj(node)) return;
    for (const [key, value] of Object.entries(node)) {
      const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key === 'description' && typeof value === 'string' && value.includes(DECISION_MARKER)) {
        const start = value.indexOf(DECISION_MARKER);
        const paragraphEnd = value.indexOf('\n\n', start);
        const text = value.slice(start + DECISION_MARKER.length, paragraphEnd === -1 ? undefined : paragraphEnd).trim();
        const schemaDescription = /^#\/components\/schemas\/([^/]+)\/description$/.exec(at);
        const hiddenByRedoc = schemaDescription !== null && bodySchemas.has(unescapeSegment(schemaDescription[1]!));
        notes.push({ pointer: at, ...describePointer(doc, at), text, hiddenByRedoc });
      } else if (key !== 'x-roomkit-decisions') {
        visit(value, at);
      }
    }
  };
  visit(doc, '#');
  return notes;
}

/** Status codes roomkit added to what the vendor documents (`x-roomkit-added: true`). */
export function additions(doc: OpenApiDocument): Addition[] {
  const found: Addition[] = [];
  for (const op of listOperations(doc)) {
    for (const response of Object.values(op.responses)) {
      if (!response.added) continue;
      found.push({
        operationId: op.operationId,
        method: op.method.toUpperCase(),
        path: op.path,
        ...(op.tags[0] ? { tag: op.tags[0] } : {}),
        status: response.status,
        description: response.description,
      });
    }
  }
  return found;
}

/**
 * Address of an operation inside a Redoc 3 page (hash routing): `#/<tag slug>/<operationId in lower case>`.
 * The browser test follows every link built with it, so a Redoc change that moves anchors fails there.
 */
export function redocOperationHash(tag: string | undefined, operationId: string): string {
  return `#/${tag ? `${slugify(tag)}/` : ''}${operationId.toLowerCase()}`;
}

export interface DecisionsSource {
  api: string;
  title: string;
  doc: OpenApiDocument;
  /** Link to the API's reference page, relative to the guides folder. */
  referenceHref: string;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * The decision entries are prose that may mention placeholders such as `amzn1.alexa.unit.did.<ID>`
 * outside code spans; markdown would take `<ID>` for an HTML tag and drop it.
 */
export function escapeTagsOutsideCode(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('');
}

/** The "Spec decisions" guide, generated from the specs so it cannot drift from them. */
export function decisionsMarkdown(sources: DecisionsSource[]): string {
  const out: string[] = [
    '# Spec decisions',
    '',
    '_Generated from the bundled specs at build time; edit the specs, not this page._',
    '',
    "The vendors' pages are sometimes wrong (a type that the real samples contradict) or silent (what a",
    "server answers to an out-of-range `maxResults`). roomkit's specs model what the vendors actually",
    'send, and record every such choice in three places that this page collects:',
    '',
    '- `x-roomkit-decisions` at the root of each spec: the subject, what the vendor page says, and what the spec chose;',
    `- notes that start with ${DECISION_MARKER.replace(/\*/g, '')} inside descriptions, shown in the reference next to the element they concern;`,
    "- responses marked `x-roomkit-added: true`: status codes roomkit documents in addition to the vendor's list.",
    '',
    'Each API also lists its **tolerances** (`x-roomkit-tolerances`): legitimate variations a',
    'conforming vendor may show, each with what allows it. The sandbox implements every one as a',
    '`--variation` of the same name, and the contract suite is tested to report none of them.',
    '',
  ];
  for (const source of sources) {
    const { doc } = source;
    out.push(`## ${source.title}`, '', `Reference: [${source.title}](${source.referenceHref}).`, '');
    const entries = decisions(doc);
    if (entries.length > 0) {
      out.push('### Decisions', '');
      for (const entry of entries) {
        out.push(
          `#### ${escapeTagsOutsideCode(oneLine(entry.subject))}`,
          '',
          `- **Vendor page:** ${escapeTagsOutsideCode(oneLine(entry.seed))}`,
          `- **roomkit spec:** ${escapeTagsOutsideCode(oneLine(entry.decision))}`,
          '',
        );
      }
    }
    const notes = inlineNotes(doc);
    if (notes.length > 0) {
      out.push('### Notes in the reference', '');
      const operations = listOperations(doc);
      for (const note of notes) {
        const op = note.operationId ? operations.find((o) => o.operationId === note.operationId) : undefined;
        const link = op
          ? ` ([in the reference](${source.referenceHref}${redocOperationHash(op.tags[0], op.operationId)}))`
          : '';
        const hidden = note.hiddenByRedoc ? " _(a body schema's own description: the reference does not show it)_" : '';
        out.push(`- **${note.where}**${link}${hidden}: ${oneLine(note.text)}`);
      }
      out.push('');
    }
    const added = additions(doc);
    if (added.length > 0) {
      out.push('### Status codes roomkit added', '');
      // The same addition usually applies to several operations with the same wording: say it once.
      const groups = new Map<string, Addition[]>();
      for (const a of added)
        groups.set(`${a.status}\n${a.description}`, [...(groups.get(`${a.status}\n${a.description}`) ?? []), a]);
      for (const group of groups.values()) {
        const first = group[0]!;
        const links = group.map(
          (a) => `[${a.operationId}](${source.referenceHref}${redocOperationHash(a.tag, a.operationId)})`,
        );
        out.push(
          `#### ${first.status} on ${group.length} operation${group.length === 1 ? '' : 's'}`,
          '',
          links.join(', '),
          '',
          first.description.trim(),
          '',
        );
      }
    }
    const prose = rules(doc);
    if (prose.length > 0) {
      out.push(
        '### Rules stated in prose (`x-roomkit-rules`)',
        '',
        'The sandbox enforces these rules and `roomkit verify` checks them.',
        '',
      );
      for (const rule of prose) out.push(`- \`${rule.name}\` (${rule.kind}): ${oneLine(rule.description)}`);
      out.push('');
    }
    const tolerated = tolerances(doc);
    if (tolerated.length > 0) {
      out.push(
        '### Tolerances (`x-roomkit-tolerances`)',
        '',
        '`roomkit verify` accepts each of these variations; `pnpm sandbox --variation <name>` shows one.',
        '',
      );
      for (const t of tolerated) {
        out.push(
          `#### ${t.name}`,
          '',
          `- **A vendor may:** ${escapeTagsOutsideCode(oneLine(t.variation))}`,
          `- **Allowed by:** ${escapeTagsOutsideCode(oneLine(t.allowedBy))}`,
          '',
        );
      }
    }
  }
  return out.join('\n');
}
