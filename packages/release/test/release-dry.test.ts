import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsumer, readmeExample, type ConsumerCheck } from '@roomkit/bench-clients';
import { apiNames } from '@roomkit/openapi';
import {
  publishable,
  releaseDry,
  repoRoot,
  workspacePackages,
  type DryRunResult,
  type WorkspacePackage,
} from '../src/index.js';
import { changeset } from './support/fixtures.js';

const run = promisify(execFile);
const packages = publishable(await workspacePackages(repoRoot));
const SUMMARY = 'Dry-run release of every publishable package.';

/** The files `changeset version` and the release record would rewrite in the working tree. */
async function releaseFiles(): Promise<Record<string, string>> {
  const files = [
    'specs/releases.json',
    ...apiNames.map((api) => `specs/${api}/released.json`),
    ...packages.flatMap((p) => [`${p.relativeDir}/package.json`, `${p.relativeDir}/CHANGELOG.md`]),
    ...(await readdir(join(repoRoot, '.changeset'))).map((f) => `.changeset/${f}`),
  ];
  return Object.fromEntries(
    await Promise.all(files.map(async (f) => [f, await readFile(join(repoRoot, f), 'utf8').catch(() => '<missing>')])),
  );
}

interface Unpacked {
  manifest: Record<string, unknown> & { version: string; exports: unknown };
  files: string[];
  changelog: string;
  readme: string;
}

async function unpack(tarball: string, into: string): Promise<Unpacked> {
  await mkdir(into, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', into]);
  const dir = join(into, 'package');
  const files = (
    (await readdir(dir, { recursive: true, withFileTypes: true })) as {
      isFile(): boolean;
      parentPath: string;
      name: string;
    }[]
  )
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join(entry.parentPath, entry.name)
        .slice(dir.length + 1)
        .split('\\')
        .join('/'),
    )
    .sort();
  const read = (f: string) => readFile(join(dir, f), 'utf8').catch(() => '');
  return {
    manifest: JSON.parse(await read('package.json')) as Unpacked['manifest'],
    files,
    changelog: await read('CHANGELOG.md'),
    readme: await read('README.md'),
  };
}

/** Every file an `exports` map points at (conditions and subpaths flattened). */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports.replace(/^\.\//, '')];
  if (exports && typeof exports === 'object') return Object.values(exports).flatMap(exportTargets);
  return [];
}

/** The values (not types) the README example imports from the package: what a consumer calls first. */
function importedValues(readme: string, name: string): string[] {
  const example = readmeExample(readme);
  const match = new RegExp(`import \\{([^}]*)\\} from '${name.replace(/[/]/g, '\\/')}'`).exec(example);
  return (match?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s && !s.startsWith('type '));
}

let out: string;
let result: DryRunResult;
let before: Record<string, string>;
const unpacked = new Map<string, Unpacked>();

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'roomkit-release-dry-'));
  before = await releaseFiles();
  const releases = Object.fromEntries(packages.map((p) => [p.name, 'minor' as const]));
  result = await releaseDry({ root: repoRoot, out, date: '2027-02-03', changesets: [changeset(releases, SUMMARY)] });
  for (const pkg of result.packed) unpacked.set(pkg.name, await unpack(pkg.tarball, join(out, 'unpacked', pkg.name)));
});
afterAll(() => rm(out, { recursive: true, force: true }));

describe('pnpm release:dry with a pending minor changeset for every publishable package', () => {
  it('leaves the working tree as it was', async () => {
    expect(await releaseFiles()).toEqual(before);
  });

  it('packs every publishable package, at the next version changesets computed', () => {
    expect(packages.length).toBeGreaterThanOrEqual(2);
    expect(result.packed.map((p) => p.name).sort()).toEqual(packages.map((p) => p.name).sort());
    for (const pkg of packages) {
      const planned = result.plan.find((r) => r.name === pkg.name)!;
      expect(planned).toMatchObject({ type: 'minor', oldVersion: pkg.version, summaries: [SUMMARY] });
      expect(unpacked.get(pkg.name)!.manifest.version).toBe(planned.newVersion);
      expect(result.packed.find((p) => p.name === pkg.name)!.version).toBe(planned.newVersion);
    }
  });

  it('publishes manifests with no workspace: range and a provenance-ready publishConfig', () => {
    for (const pkg of packages) {
      const { manifest } = unpacked.get(pkg.name)!;
      expect(JSON.stringify(manifest), pkg.name).not.toContain('workspace:');
      expect(manifest.publishConfig, pkg.name).toEqual({ access: 'public', provenance: true });
      expect(manifest.exports, pkg.name).toEqual(pkg.manifest.exports);
    }
  });

  it('ships every file its exports point at, its README and its new CHANGELOG, and no source map', () => {
    for (const pkg of packages) {
      const { files, changelog, manifest } = unpacked.get(pkg.name)!;
      const targets = exportTargets(manifest.exports);
      expect(targets.length, pkg.name).toBeGreaterThan(1);
      for (const target of targets) expect(files, `${pkg.name} exports ${target}`).toContain(target);
      expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'CHANGELOG.md']));
      expect(
        files.filter((f) => f.endsWith('.map')),
        pkg.name,
      ).toEqual([]);
      expect(changelog).toContain(`## ${manifest.version}\n\n### Minor Changes\n\n- ${SUMMARY}`);
      expect(changelog).toContain(`## ${pkg.version}`);
    }
  });

  it('would record the release: each spec with its client at the new version', () => {
    expect('entry' in result.record).toBe(true);
    const entry = 'entry' in result.record ? result.record.entry : undefined;
    expect(entry?.date).toBe('2027-02-03');
    for (const api of entry?.apis ?? []) {
      expect(api.clientVersion).toBe(result.plan.find((r) => r.name === api.client)?.newVersion);
    }
    expect(entry?.apis.map((a) => a.api)).toEqual([...apiNames]);
  });

  it('builds every publishable package before it runs: each is a dependency of @roomkit/release', async () => {
    const self = (await workspacePackages(repoRoot)).find((p) => p.name === '@roomkit/release')!;
    const deps = { ...(self.manifest.dependencies as object), ...(self.manifest.devDependencies as object) };
    for (const pkg of packages)
      expect(Object.keys(deps), `add ${pkg.name} to packages/release devDependencies`).toContain(pkg.name);
  });
});

describe.each(packages.map((p): [string, WorkspacePackage] => [p.name, p]))(
  '%s from the dry run, installed alone in an empty project',
  (name) => {
    let check: ConsumerCheck;
    beforeAll(async () => {
      const tarball = result.packed.find((p) => p.name === name)!.tarball;
      const entries = importedValues(unpacked.get(name)!.readme, name);
      expect(entries.length, `${name}'s README example imports nothing from ${name}`).toBeGreaterThan(0);
      check = await checkConsumer(name, entries[0]!, { tarball });
    });
    afterAll(() => check?.cleanup());

    it('is publint --strict clean', () => {
      expect(check.publintMessages).toEqual([]);
    });

    it('installs with its dependencies from the registry and no other roomkit package', () => {
      expect(check.installed).toContain(name);
      expect(check.installed.filter((p) => p.startsWith('@roomkit/'))).toEqual([name]);
      for (const dep of Object.keys(check.manifest.dependencies ?? {})) expect(check.installed).toContain(dep);
    });

    it('type-checks its README example (and its own .d.ts files) with tsc', () => {
      expect(check.typeErrors).toBe('');
    });

    it('imports at run time as ESM', () => {
      expect(check.runtimeExport).toBe('function');
    });
  },
);
