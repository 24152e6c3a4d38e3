import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { apiNames, decisions, listOperations, loadSpec, tolerances } from '@roomkit/openapi';
import { describe, expect, it } from 'vitest';
import {
  additions,
  bodySchemaNames,
  decisionsMarkdown,
  escapeTagsOutsideCode,
  inlineNotes,
  redocOperationHash,
} from '../src/decisions.js';
import { diffSpecs, toRecorded, type ReleaseHistory } from '@roomkit/release';
import { changesMarkdown, type ChangesSource } from '../src/changes.js';
import { codeSamples, expandSpecValues, guideFromMarkdown, loadGuides } from '../src/guides.js';
import { createMarkdown, guideSlug, rewriteGuideHref, slugify } from '../src/markdown.js';
import { hashRouterLinks, localizeRedoclyLogos } from '../src/reference.js';
import { docsDir } from '../src/site.js';

describe('markdown helpers', () => {
  it('maps guide files to page slugs and rewrites links between guides', () => {
    expect(guideSlug('03-pagination.md')).toBe('pagination');
    expect(rewriteGuideHref('03-pagination.md')).toBe('pagination.html');
    expect(rewriteGuideHref('05-errors-and-throttling.md#the-documented-429-back-off')).toBe(
      'errors-and-throttling.html#the-documented-429-back-off',
    );
    expect(rewriteGuideHref('../reference/hospitality.html#/rooms/createroom')).toBe(
      '../reference/hospitality.html#/rooms/createroom',
    );
    expect(rewriteGuideHref('https://example.com/readme.md')).toBe('https://example.com/readme.md');
    expect(slugify('Errors, request IDs and the 429 back-off')).toBe('errors-request-ids-and-the-429-back-off');
  });

  it('finds fenced samples with the line they start on', () => {
    const markdown = '# T\n\ntext\n\n```ts run\nconst a = 1;\n```\n\n- item\n\n  ```sh\n  echo hi\n  ```\n';
    const samples = codeSamples('x.md', markdown);
    expect(samples.map((s) => [s.info, s.line, s.code])).toEqual([
      ['ts run', 5, 'const a = 1;\n'],
      ['sh', 11, 'echo hi\n'],
    ]);
  });

  it('takes the title and summary from the guide', () => {
    const guide = guideFromMarkdown(
      'x',
      '# Validating with `roomkit verify`\n\nFirst *paragraph*\ncontinues [here](a.md).\n\nSecond.',
    );
    expect(guide.title).toBe('Validating with roomkit verify');
    expect(guide.summary).toBe('First paragraph continues here.');
  });
});

describe('spec values in guides', () => {
  it('fills in values from the bundled spec', () => {
    const doc = loadSpec('hospitality') as unknown as {
      components: { parameters: { MaxResults: { schema: { maximum: number } } } };
    };
    expect(
      expandSpecValues('up to {{spec:hospitality:/components/parameters/MaxResults/schema/maximum}}', 'x.md'),
    ).toBe(`up to ${doc.components.parameters.MaxResults.schema.maximum}`);
  });

  it('refuses a pointer that leads nowhere or to an object, naming the guide', () => {
    expect(() => expandSpecValues('{{spec:hospitality:/components/nothing}}', 'g.md')).toThrow(/g\.md.*nothing/);
    expect(() => expandSpecValues('{{spec:hospitality:/components/schemas/RoomName}}', 'g.md')).toThrow(/single value/);
    expect(() => expandSpecValues('{{spec:nope:/info/title}}', 'g.md')).toThrow(/names no API/);
  });

  it('every guide expands cleanly and keeps no placeholder', async () => {
    const guides = await loadGuides(join(docsDir, 'guides'));
    expect(guides.length).toBeGreaterThanOrEqual(7);
    for (const guide of guides) expect(guide.markdown, guide.file).not.toMatch(/\{\{spec:/);
  });
});

describe('spec decisions page', () => {
  const sources = apiNames.map((api) => ({
    api,
    title: loadSpec(api).info.title,
    doc: loadSpec(api),
    referenceHref: `../reference/${api}.html`,
  }));
  const markdown = decisionsMarkdown(sources);

  it('lists every x-roomkit-decisions entry, every inline note and every added status code', () => {
    for (const { doc } of sources) {
      const entries = decisions(doc);
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) expect(markdown).toContain(escapeTagsOutsideCode(entry.subject.trim()));
      for (const note of inlineNotes(doc)) expect(markdown).toContain(note.where);
      for (const added of additions(doc)) expect(markdown).toContain(`[${added.operationId}](`);
      expect(markdown).toMatch(/#### 413 on \d+ operations/);
    }
  });

  it('lists every tolerance of each spec with what a vendor may do and what allows it', () => {
    for (const { doc, title } of sources) {
      const section = markdown.slice(markdown.indexOf(`## ${title}`));
      const own = section.slice(0, section.indexOf('\n## ', 1) === -1 ? undefined : section.indexOf('\n## ', 1));
      expect(tolerances(doc).length).toBeGreaterThan(0);
      for (const t of tolerances(doc)) {
        expect(own).toContain(`#### ${t.name}\n`);
        expect(own).toContain(escapeTagsOutsideCode(t.variation.replace(/\s*\n\s*/g, ' ')));
        expect(own).toContain(escapeTagsOutsideCode(t.allowedBy.replace(/\s*\n\s*/g, ' ')));
      }
    }
  });

  it('finds the decision notes and locates them in operations or schemas', () => {
    const notes = inlineNotes(loadSpec('hospitality'));
    expect(notes.some((n) => n.pointer.startsWith('#/components/parameters/'))).toBe(true);
    for (const note of notes) {
      expect(note.text.length, note.pointer).toBeGreaterThan(10);
      expect(note.text).not.toContain('**roomkit decision:**');
    }
  });

  it('flags only body schemas as hidden by Redoc', () => {
    const doc = loadSpec('hospitality');
    const bodies = bodySchemaNames(doc);
    for (const op of listOperations(doc)) {
      const ref = (op.requestBody?.schema as { $ref?: string } | undefined)?.$ref;
      if (ref) expect(bodies).toContain(ref.split('/').pop());
    }
    for (const note of inlineNotes(doc)) {
      if (note.hiddenByRedoc) expect(note.pointer).toMatch(/^#\/components\/schemas\/[^/]+\/description$/);
    }
  });

  it('keeps placeholders such as <ID> visible and code spans intact', () => {
    expect(escapeTagsOutsideCode('of the form amzn1.alexa.unit.did.<ID> and `a<b>`')).toBe(
      'of the form amzn1.alexa.unit.did.&lt;ID&gt; and `a<b>`',
    );
    expect(redocOperationHash('Room Types', 'createRoomType')).toBe('#/room-types/createroomtype');
  });
});

describe('reference pages', () => {
  it('point Redoc at local copies of its logo', () => {
    const html =
      '<img src="https://cdn.redoc.ly/redoc/logo-mini-full.svg"><img src="https://cdn.redoc.ly/redoc/logo-mini.svg">';
    expect(localizeRedoclyLogos(html, '../assets')).toBe(
      '<img src="../assets/redocly-logo-full.svg"><img src="../assets/redocly-logo-mini.svg">',
    );
  });

  it('turn prerendered router links into hash links, leaving other links alone', () => {
    const html =
      '<a class="x" href="/rooms" data-discover="true"><a href="/" data-discover="true"><a href="/elsewhere">';
    expect(hashRouterLinks(html)).toBe(
      '<a class="x" href="#/rooms" data-discover="true"><a href="#/" data-discover="true"><a href="/elsewhere">',
    );
  });

  it('the built references inline Redoc and name no CDN script or font', async () => {
    for (const api of apiNames) {
      const html = await readFile(join(docsDir, 'dist', 'reference', `${api}.html`), 'utf8');
      expect(html).not.toMatch(/<script[^>]+src=["']https?:/);
      expect(html).not.toMatch(/<link[^>]+href=["']https?:/);
      expect(html).not.toContain('fonts.googleapis.com');
      expect(html).not.toContain('cdn.redoc.ly/redoc/logo');
      expect(html).toContain('"disableTelemetry":true');
    }
  });
});

describe('changes page', () => {
  const released = loadSpec('hospitality');
  const next = structuredClone(released) as typeof released;
  delete next.paths['/enterprise/hospitality/v1/rooms/{roomId}']!.delete;
  (next.components!.schemas!.Room as { properties: Record<string, unknown> }).properties.floor = { type: 'integer' };
  next.info = { ...next.info, version: '2.0.0' };
  const changes = diffSpecs(released, next).map(toRecorded);
  const baseline = (api: 'hospitality' | 'room-retrieve', clientVersion: string, specVersion = '1.0.0') => ({
    api,
    title: loadSpec(api).info.title,
    specVersion,
    client: `@roomkit/${api}-client`,
    clientVersion,
  });
  const history: ReleaseHistory = {
    $comment: '',
    releases: [
      {
        date: '2026-01-01',
        packages: { '@roomkit/hospitality-client': '0.1.0', '@roomkit/room-retrieve-client': '0.1.0' },
        apis: [
          { ...baseline('hospitality', '0.1.0'), baseline: true, changes: [] },
          { ...baseline('room-retrieve', '0.1.0'), baseline: true, changes: [] },
        ],
      },
      {
        date: '2027-03-04',
        packages: { '@roomkit/hospitality-client': '1.0.0', '@roomkit/room-retrieve-client': '0.1.0' },
        apis: [
          { ...baseline('hospitality', '1.0.0', '2.0.0'), changes },
          { ...baseline('room-retrieve', '0.1.0'), changes: [] },
        ],
      },
    ],
  };
  const sources = (unreleased: ChangesSource['unreleased']): ChangesSource[] =>
    apiNames.map((api) => ({
      api,
      title: loadSpec(api).info.title,
      current: loadSpec(api),
      releasedVersion: '1.0.0',
      unreleased: api === 'hospitality' ? unreleased : [],
      referenceHref: `../reference/${api}.html`,
    }));

  it('lists the releases newest first, each API with its spec and client versions', () => {
    const markdown = changesMarkdown(history, sources([]));
    expect(markdown.indexOf('## Release of 2027-03-04')).toBeGreaterThan(0);
    expect(markdown.indexOf('## Release of 2027-03-04')).toBeLessThan(markdown.indexOf('## Release of 2026-01-01'));
    expect(markdown).toContain(
      'spec version **2.0.0**, released with `@roomkit/hospitality-client` **1.0.0**: 1 breaking, 2 non-breaking, 1 docs.',
    );
    expect(markdown).toContain('First recorded release');
    expect(markdown).not.toContain('## Unreleased');
  });

  it('names every change with its classification, kind and JSON pointer', () => {
    const markdown = changesMarkdown(history, sources([]));
    expect(changes.map((c) => c.kind).sort()).toEqual(['docs', 'field-added', 'field-added', 'operation-removed']);
    for (const change of changes) {
      const row = markdown.split('\n').find((line) => line.includes(`\`${change.pointer}\``));
      expect(row, change.pointer).toBeDefined();
      expect(row).toContain(`\`${change.kind}\``);
      expect(row).toContain(change.classification);
    }
  });

  it('shows the unreleased changes above the releases, and gives every heading its own anchor', async () => {
    const markdown = changesMarkdown(history, sources(changes));
    expect(markdown.indexOf('## Unreleased')).toBeLessThan(markdown.indexOf('## Release of'));
    const html = await createMarkdown().parse(markdown);
    const ids = [...html.matchAll(/<h\d id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(5);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
