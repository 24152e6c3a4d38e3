import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSpec } from '@roomkit/openapi';
import {
  applyChangesets,
  publishable,
  readHistory,
  readReleasedSpec,
  recordRelease,
  workspacePackages,
} from '../src/index.js';
import { changeset, edited, scratchWorkspace, specEditFixture } from './support/fixtures.js';

describe('the release record (second step of pnpm release:version)', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ root, cleanup } = await scratchWorkspace());
  });
  afterEach(() => cleanup());

  it('records a publishable package never released before, then nothing while no publishable package has a new version', async () => {
    const last = (await readHistory(root)).releases.at(-1)!;
    // A package that became publishable since the last release (the verifier, @roomkit/contract) is new at its version.
    const unreleased = publishable(await workspacePackages(root)).filter((p) => last.packages[p.name] === undefined);
    if (unreleased.length > 0) {
      const first = await recordRelease({ root, date: '2027-01-01' });
      expect(first.recorded, JSON.stringify(first)).toBe(true);
      for (const p of unreleased) expect(first.recorded && first.entry.packages[p.name]).toBe(p.version);
    }
    const result = await recordRelease({ root, date: '2027-01-01' });
    expect(result).toEqual({
      recorded: false,
      reason: expect.stringContaining('no publishable package has a new version'),
    });
    expect((await readHistory(root)).releases).toHaveLength(unreleased.length > 0 ? 2 : 1);
  });

  it('appends the classified changes with the new versions, and makes the current spec the released one', async () => {
    const fixture = await specEditFixture('response-field-added');
    await writeFile(
      join(root, '.changeset', 'floor.md'),
      changeset({ '@roomkit/hospitality-client': 'minor' }, 'Rooms have a floor.'),
    );
    await applyChangesets(root);
    const current = edited(fixture);
    const result = await recordRelease({ root, date: '2027-01-02', current: { hospitality: current } });
    expect(result.recorded).toBe(true);
    const history = await readHistory(root);
    expect(history.releases).toHaveLength(2);
    const entry = history.releases[1]!;
    expect(entry.date).toBe('2027-01-02');
    expect(entry.packages).toEqual({
      '@roomkit/contract': '0.1.0',
      '@roomkit/hospitality-client': '0.2.0',
      '@roomkit/room-retrieve-client': '0.1.0',
    });
    const hospitality = entry.apis.find((a) => a.api === 'hospitality')!;
    expect(hospitality).toMatchObject({ specVersion: current.info.version, clientVersion: '0.2.0' });
    expect(hospitality.changes.map((c) => [c.classification, c.kind, c.pointer])).toEqual(
      fixture.changes.map((c) => [c.classification, c.kind, c.pointer]),
    );
    expect(entry.apis.find((a) => a.api === 'room-retrieve')!.changes).toEqual([]);
    expect(await readReleasedSpec(root, 'hospitality')).toEqual(current);
    expect(await readReleasedSpec(root, 'room-retrieve')).toEqual(loadSpec('room-retrieve'));
    expect(await readFile(join(root, 'packages', 'hospitality-client', 'CHANGELOG.md'), 'utf8')).toMatch(
      /## 0\.2\.0\n\n### Minor Changes\n\n- Rooms have a floor\./,
    );
  });

  it('refuses a breaking change released as a minor version, leaving the record as it was', async () => {
    await writeFile(join(root, '.changeset', 'x.md'), changeset({ '@roomkit/hospitality-client': 'minor' }, 'x'));
    await applyChangesets(root);
    const before = await readFile(join(root, 'specs', 'releases.json'), 'utf8');
    await expect(
      recordRelease({ root, current: { hospitality: edited(await specEditFixture('operation-removed')) } }),
    ).rejects.toThrow(/Refusing to record the release:\n✗ hospitality: 1 change[\s\S]*operation-removed/);
    expect(await readFile(join(root, 'specs', 'releases.json'), 'utf8')).toBe(before);
    expect(await readReleasedSpec(root, 'hospitality')).toEqual(loadSpec('hospitality'));
  });

  it('records the same breaking change as a major release', async () => {
    await writeFile(join(root, '.changeset', 'x.md'), changeset({ '@roomkit/hospitality-client': 'major' }, 'x'));
    await applyChangesets(root);
    const result = await recordRelease({
      root,
      current: { hospitality: edited(await specEditFixture('operation-removed')) },
    });
    expect(result.recorded && result.entry.apis[0]).toMatchObject({
      clientVersion: '1.0.0',
      changes: [{ classification: 'breaking', kind: 'operation-removed' }],
    });
  });

  it('starts an empty history with a baseline entry of the current specs', async () => {
    await rm(join(root, 'specs', 'releases.json'));
    const result = await recordRelease({ root, date: '2026-01-01' });
    expect(result.recorded && result.entry).toMatchObject({
      date: '2026-01-01',
      apis: [
        { api: 'hospitality', baseline: true, changes: [] },
        { api: 'room-retrieve', baseline: true, changes: [] },
      ],
    });
  });
});
