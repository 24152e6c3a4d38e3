import { describe, expect, it } from 'vitest';
import { apiNames, loadSpec } from '@roomkit/openapi';
import { checkBreaking, definitionPointer, diffSpecs, gate, repoRoot } from '../src/index.js';
import { edited, specEditFixtures, worst } from './support/fixtures.js';

const fixtures = await specEditFixtures();

const segments = (pointer: string) =>
  pointer
    .slice(2)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

describe.each(fixtures)('spec edit $file ($title)', (fixture) => {
  const released = loadSpec(fixture.api);
  const current = edited(fixture);
  const changes = diffSpecs(released, current);

  it(`is ${fixture.verdict}, each change named with its JSON pointer`, () => {
    expect(changes.map(({ kind, classification, pointer }) => ({ kind, classification, pointer }))).toEqual(
      fixture.changes,
    );
    expect(worst(changes.map((c) => c.classification))).toBe(fixture.verdict);
  });

  it('names pointers that lead to the changed element (through $refs) in the released or the current form', () => {
    for (const change of changes) {
      const source = change.action === 'add' ? current : released;
      expect(definitionPointer(source, segments(change.pointer)), change.pointer).toBeDefined();
      expect(change.description.length, change.pointer).toBeGreaterThan(10);
    }
  });

  const blocks = fixture.verdict === 'breaking' || fixture.verdict === 'unclassified';
  it(
    blocks ? 'fails the gate unless the client goes to a new major version' : 'passes the gate without any bump',
    () => {
      const verdict = (nextVersion: string) =>
        gate({ api: fixture.api, released, current, client: 'client', releasedVersion: '0.1.0', nextVersion }).ok;
      expect(verdict('0.1.0')).toBe(!blocks);
      expect(verdict('0.2.0')).toBe(!blocks);
      expect(verdict('1.0.0')).toBe(true);
    },
  );
});

describe('the fixtures', () => {
  it('cover each kind of change the gate must judge, breaking and not', () => {
    const seen = new Set(fixtures.flatMap((f) => f.changes.map((c) => `${c.classification} ${c.kind}`)));
    for (const expected of [
      'breaking operation-removed',
      'breaking parameter-removed',
      'breaking field-removed',
      'breaking enum-value-removed',
      'breaking field-required',
      'breaking parameter-added',
      'breaking type-changed',
      'breaking bound-narrowed',
      'breaking field-optional',
      'breaking response-removed',
      'breaking security-requirement-removed',
      'breaking server-removed',
      'unclassified extension-changed',
      'non-breaking operation-added',
      'non-breaking parameter-added',
      'non-breaking field-added',
      'non-breaking enum-value-added',
      'non-breaking bound-widened',
      'non-breaking bound-narrowed',
      'non-breaking response-added',
      'non-breaking deprecated',
      'non-breaking server-added',
      'non-breaking verifier-rule-changed',
      'docs docs',
    ]) {
      expect(seen, expected).toContain(expected);
    }
    expect(new Set(fixtures.map((f) => f.verdict))).toEqual(
      new Set(['breaking', 'unclassified', 'non-breaking', 'docs']),
    );
  });
});

describe("today's specs", () => {
  it('pass the gate', async () => {
    const results = await checkBreaking({ root: repoRoot });
    expect(results.map((r) => [r.api, r.ok])).toEqual(apiNames.map((api) => [api, true]));
  });
});
