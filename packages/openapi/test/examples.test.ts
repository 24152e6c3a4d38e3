// Every example in both specs (media-type `example`/`examples`, schema `examples`, parameter and
// header `example`) must validate against its schema, so Prism serves believable data and the
// docs show valid payloads. Example units must also satisfy the object-level rules.
import { describe, expect, it } from 'vitest';
import {
  apiNames,
  checkUnitRules,
  createSpecValidator,
  loadSpec,
  pointerSegment,
  type OpenApiDocument,
} from '../src/index.js';

interface Found {
  where: string;
  schemaPointer: string;
  value: unknown;
}

function collectExamples(doc: OpenApiDocument): Found[] {
  const found: Found[] = [];
  const visit = (node: unknown, pointer: string, parentKey: string) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((n, i) => visit(n, `${pointer}/${i}`, parentKey));
      return;
    }
    const obj = node as Record<string, unknown>;
    const isSchemaContainer = 'schema' in obj && (obj.schema as object | undefined) !== undefined;
    if (isSchemaContainer && 'example' in obj)
      found.push({ where: `${pointer}/example`, schemaPointer: `${pointer}/schema`, value: obj.example });
    if (isSchemaContainer && obj.examples && typeof obj.examples === 'object' && !Array.isArray(obj.examples)) {
      for (const [name, ex] of Object.entries(obj.examples as Record<string, { value: unknown }>)) {
        found.push({ where: `${pointer}/examples/${name}`, schemaPointer: `${pointer}/schema`, value: ex.value });
      }
    }
    // A schema's own `examples` array (JSON Schema 2020-12).
    if (pointer.includes('/schemas/') && Array.isArray(obj.examples) && parentKey !== 'properties') {
      obj.examples.forEach((ex, i) =>
        found.push({ where: `${pointer}/examples/${i}`, schemaPointer: pointer, value: ex }),
      );
    }
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'examples' || k === 'example') continue;
      visit(v, `${pointer}/${pointerSegment(k)}`, k);
    }
  };
  visit(doc, '#', '');
  return found;
}

describe.each(apiNames)('%s examples', (api) => {
  const doc = loadSpec(api);
  const validator = createSpecValidator(doc);
  const examples = collectExamples(doc);

  it('has examples to check', () => {
    expect(examples.length).toBeGreaterThan(5);
  });

  it('every example validates against its schema', () => {
    const failures = examples
      .map((e) => ({ e, r: validator.validate(e.schemaPointer, e.value) }))
      .filter(({ r }) => !r.valid)
      .map(({ e, r }) => `${e.where}: ${r.errors.map((x) => `${x.path} ${x.message}`).join('; ')}`);
    expect(failures).toEqual([]);
  });

  it('every JSON body declares an example', () => {
    const missing: string[] = [];
    const walk = (node: unknown, pointer: string) => {
      if (!node || typeof node !== 'object') return;
      const obj = node as Record<string, unknown>;
      if (obj.content && typeof obj.content === 'object') {
        for (const [type, media] of Object.entries(obj.content as Record<string, Record<string, unknown>>)) {
          if (type.includes('json') && !('example' in media) && !('examples' in media))
            missing.push(`${pointer}/content/${type}`);
        }
      }
      for (const [k, v] of Object.entries(obj)) walk(v, `${pointer}/${pointerSegment(k)}`);
    };
    walk(doc.paths, '#/paths');
    walk(doc.components, '#/components');
    expect(missing).toEqual([]);
  });
});

describe('room-retrieve example units', () => {
  it('satisfy the object-level rules', () => {
    const doc = loadSpec('room-retrieve');
    const examples = collectExamples(doc);
    const units = examples
      .filter((e) => e.schemaPointer.endsWith('/200/content/application~1json/schema'))
      .flatMap((e) => (e.value as { Data: unknown[] }).Data);
    expect(units.length).toBeGreaterThan(0);
    for (const u of units) expect(checkUnitRules(doc, u)).toEqual([]);
  });
});
