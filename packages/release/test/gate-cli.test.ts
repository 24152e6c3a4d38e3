import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSpec } from '@roomkit/openapi';
import { clientsBySpec, workspacePackages } from '../src/index.js';
import { changeset, edited, scratchWorkspace, specEditFixture } from './support/fixtures.js';

const run = promisify(execFile);
const cli = join(import.meta.dirname, '..', 'dist', 'spec-breaking-cli.js');

async function gateCli(root: string, ...args: string[]): Promise<{ code: number; out: string }> {
  return run(process.execPath, [cli, '--root', root, ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, out: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      out: error.stdout + error.stderr,
    }),
  );
}

/**
 * The CLI compares the bundled spec with specs/<api>/released.json: writing the *edited* spec as
 * the released form makes today's spec look like the reverse edit, so an added operation in the
 * fixture reads as a removal.
 */
async function releaseAs(root: string, api: 'hospitality' | 'room-retrieve', doc: unknown) {
  await writeFile(join(root, 'specs', api, 'released.json'), JSON.stringify(doc));
}

describe('pnpm spec:breaking (the CLI) on a copy of the workspace', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ root, cleanup } = await scratchWorkspace());
  });
  afterEach(() => cleanup());

  it('passes today, naming each API, its client and released version', async () => {
    const { code, out } = await gateCli(root);
    expect(code).toBe(0);
    expect(out).toMatch(
      /✓ hospitality: no changes since the last release \(@roomkit\/hospitality-client 0\.1\.0, spec 1\.0\.0\)/,
    );
    expect(out).toMatch(/✓ room-retrieve: no changes/);
  });

  it('fails on a breaking change without a major bump, naming the change, its pointer and what to do', async () => {
    await releaseAs(root, 'hospitality', edited(await specEditFixture('operation-added')));
    const { code, out } = await gateCli(root);
    expect(code, out).toBe(1);
    expect(out).toContain('✗ hospitality: 1 change since the last release');
    expect(out).toContain(
      'breaking     operation-removed  #/paths/~1enterprise~1hospitality~1v1~1rooms~1{roomId}/patch',
    );
    expect(out).toContain('PATCH /enterprise/hospitality/v1/rooms/{roomId} (patchRoom): operation removed');
    expect(out).toContain('whose next version is 0.1.0 (released: 0.1.0); a breaking change needs a major version');
    expect(out).toContain('run `pnpm changeset`, select @roomkit/hospitality-client, choose "major"');
    expect(out).toMatch(/✓ room-retrieve: no changes/);
  });

  it('passes the same change once a pending changeset makes it a major release of the client', async () => {
    await releaseAs(root, 'hospitality', edited(await specEditFixture('operation-added')));
    await writeFile(
      join(root, '.changeset', 'drop-patch-room.md'),
      changeset({ '@roomkit/hospitality-client': 'major' }, 'Remove patchRoom.'),
    );
    const { code, out } = await gateCli(root, '--json', join(root, 'gate.json'));
    expect(code, out).toBe(0);
    expect(out).toContain('allowed: @roomkit/hospitality-client goes from 0.1.0 to 1.0.0, a major release.');
  });

  it('a minor changeset is not enough', async () => {
    await releaseAs(root, 'room-retrieve', edited(await specEditFixture('response-enum-value-added')));
    await writeFile(
      join(root, '.changeset', 'minor.md'),
      changeset({ '@roomkit/room-retrieve-client': 'minor' }, 'Drop a sub-room type.'),
    );
    const { code, out } = await gateCli(root);
    expect(code, out).toBe(1);
    expect(out).toContain('enum-value-removed');
    expect(out).toContain('enum value "BATHROOM_SUBROOM" removed');
    expect(out).toContain('whose next version is 0.2.0 (released: 0.1.0)');
  });

  it('passes non-breaking changes and lists them', async () => {
    await releaseAs(root, 'hospitality', edited(await specEditFixture('request-bound-narrowed')));
    const { code, out } = await gateCli(root);
    expect(code, out).toBe(0);
    expect(out).toContain('✓ hospitality: 3 changes since the last release');
    expect(out).toContain('maximum widened from 20 to 50');
    expect(out).toContain('non-breaking'.padEnd(12));
  });

  it('exits 2 naming the file when the release history is missing, and on an unknown option', async () => {
    const missing = await gateCli(join(root, 'nowhere'));
    expect(missing.code).toBe(2);
    const unknown = await gateCli(root, '--bogus');
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('usage: roomkit-spec-breaking');
    await writeFile(join(root, 'specs', 'releases.json'), JSON.stringify({ releases: [] }));
    const empty = await gateCli(root);
    expect(empty.code).toBe(2);
    expect(empty.out).toContain('records no release of the hospitality spec');
  });
});

describe('which client maps to which spec', () => {
  it('is read from each client\'s package.json "roomkit.spec", one publishable client per spec', async () => {
    const { root, cleanup } = await scratchWorkspace();
    try {
      const clients = clientsBySpec(await workspacePackages(root));
      expect(Object.fromEntries([...clients].map(([api, pkg]) => [api, pkg.name]))).toEqual({
        hospitality: '@roomkit/hospitality-client',
        'room-retrieve': '@roomkit/room-retrieve-client',
      });
      const packages = await workspacePackages(root);
      const twice = packages.map((p) =>
        p.name === '@roomkit/room-retrieve-client'
          ? { ...p, manifest: { ...p.manifest, roomkit: { spec: 'hospitality' } } }
          : p,
      );
      expect(() => clientsBySpec(twice)).toThrow(
        /Both @roomkit\/hospitality-client and @roomkit\/room-retrieve-client declare roomkit.spec "hospitality"/,
      );
      const unknown = packages.map((p) =>
        p.name === '@roomkit/room-retrieve-client'
          ? { ...p, manifest: { ...p.manifest, roomkit: { spec: 'rooms' } } }
          : p,
      );
      expect(() => clientsBySpec(unknown)).toThrow(/roomkit.spec "rooms" names no API/);
      expect(loadSpec('hospitality').info.version).toMatch(/^\d+\.\d+\.\d+/);
    } finally {
      await cleanup();
    }
  });
});
