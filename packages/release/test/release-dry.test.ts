import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkConsumer, readmeExample, type ConsumerCheck } from '@roomkit/bench-clients';
import { apiNames } from '@roomkit/openapi';
import { createSandbox, type Sandbox } from '@roomkit/sandbox';
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
/** Each package's tarball installed alone in an empty project, kept until the end for the bin tests. */
const consumers = new Map<string, ConsumerCheck>();

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'roomkit-release-dry-'));
  before = await releaseFiles();
  const releases = Object.fromEntries(packages.map((p) => [p.name, 'minor' as const]));
  result = await releaseDry({ root: repoRoot, out, date: '2027-02-03', changesets: [changeset(releases, SUMMARY)] });
  for (const pkg of result.packed) unpacked.set(pkg.name, await unpack(pkg.tarball, join(out, 'unpacked', pkg.name)));
});
afterAll(async () => {
  for (const check of consumers.values()) await check.cleanup();
  await rm(out, { recursive: true, force: true });
});

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
      consumers.set(name, check);
    });

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

/** `npx roomkit …` in the project the verifier's tarball was installed into: the installed bin, nothing else. */
async function npxRoomkit(
  consumer: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  return run('npx', ['--no-install', 'roomkit', ...args], {
    cwd: consumer,
    env: { ...process.env, ...env },
    timeout: 600_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, output: `${stdout}${stderr}` }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: typeof error.code === 'number' ? error.code : -1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}${typeof error.code === 'number' ? '' : String(error)}`,
    }),
  );
}

describe('the verifier (@roomkit/contract) from the dry run, installed alone, runs as npx roomkit', () => {
  const VERIFIER = '@roomkit/contract';
  let sandboxes: Sandbox[] = [];
  const start = async (faults: string[] = []) => {
    const sandbox = await createSandbox({ port: 0, host: '127.0.0.1', database: ':memory:', faults, log: () => {} });
    sandboxes.push(sandbox);
    const [organization] = sandbox.organizations;
    return { url: sandbox.url, organizationId: organization!.id, token: organization!.tokens[0]! };
  };
  afterAll(async () => {
    for (const sandbox of sandboxes) await sandbox.close();
    sandboxes = [];
  });
  /** A small, bounded run against a sandbox (the token comes from ROOMKIT_TOKEN). */
  const verifyHospitality = (target: { url: string; organizationId: string }, reports: string[]) => [
    'verify',
    'hospitality',
    '--base-url',
    target.url,
    '--organization-id',
    target.organizationId,
    ...['--runs', '2', '--seed', '42', '--max-duration', '120', '--quiet'],
    ...reports,
  ];
  const installed = () => {
    const check = consumers.get(VERIFIER);
    expect(check, `${VERIFIER} is publishable and was installed above`).toBeDefined();
    return check!;
  };

  it('the roomkit bin of the project is the installed tarball, its specs inside it', async () => {
    const { consumer } = installed();
    const bin = await realpath(join(consumer, 'node_modules', '.bin', 'roomkit'));
    expect(bin).toBe(await realpath(join(consumer, 'node_modules', '@roomkit', 'contract', 'dist', 'cli.js')));
    const files = unpacked.get(VERIFIER)!.files;
    for (const api of apiNames) expect(files).toContain(`dist/${api}.json`);
  });

  it('npx roomkit verify hospitality conforms against a sandbox (credentials from ROOMKIT_TOKEN) and writes its reports', async () => {
    const { consumer } = installed();
    const target = await start();
    const { code, output } = await npxRoomkit(
      consumer,
      verifyHospitality(target, ['--junit', 'reports/hospitality.xml', '--html', 'reports/hospitality.html']),
      { ROOMKIT_TOKEN: target.token },
    );
    expect(code, output).toBe(0);
    expect(output).toContain('result: conforms');
    expect(output).not.toContain(target.token);
    expect(await readFile(join(consumer, 'reports', 'hospitality.xml'), 'utf8')).toMatch(
      /<testsuites[^>]* failures="0"/,
    );
    expect(await readFile(join(consumer, 'reports', 'hospitality.html'), 'utf8')).toContain('class="verdict conforms"');
  }, 600_000);

  it('against a faulty sandbox it exits 1, and the replay command it prints (npx roomkit replay …) runs as printed', async () => {
    const { consumer } = installed();
    const target = await start(['names-unique-per-room-type-only']);
    const env = { ROOMKIT_TOKEN: target.token };
    const verified = await npxRoomkit(consumer, verifyHospitality(target, ['--json', 'reports/faulty.json']), env);
    expect(verified.code, verified.output).toBe(1);
    const report = JSON.parse(await readFile(join(consumer, 'reports', 'faulty.json'), 'utf8')) as {
      violations: Array<{ name: string; replay?: { report?: string; verify: string } }>;
    };
    const replay = report.violations.find((v) => v.name === 'room-name-unique-per-property')?.replay;
    expect(replay?.report).toMatch(/^npx roomkit replay reports\/faulty\.json --violation \d+$/);
    expect(replay?.verify).toMatch(/^npx roomkit verify hospitality /);
    const replayed = await npxRoomkit(consumer, replay!.report!.split(' ').slice(2), env);
    expect(replayed.code, replayed.output).toBe(1);
    expect(replayed.output).toContain('reproduced:');
  }, 600_000);
});
