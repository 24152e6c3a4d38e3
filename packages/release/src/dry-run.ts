import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { pnpmCommand } from '@roomkit/bench-clients';
import { apiNames, type ApiName, type OpenApiDocument } from '@roomkit/openapi';
import { readHistory, type ReleaseEntry } from './history.js';
import { recordRelease } from './record.js';
import { releasePlan, type PlannedRelease } from './release-plan.js';
import { publishable, workspacePackages, type WorkspacePackage } from './workspace.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

export interface DryRunOptions {
  root: string;
  /** Folder that receives the tarballs and reports; emptied first. */
  out: string;
  /** Extra changesets (file contents) added to the copy only, as a test or a preview would. */
  changesets?: string[];
  /** YYYY-MM-DD of the recorded release; today when not given. */
  date?: string;
  current?: Partial<Record<ApiName, OpenApiDocument>>;
}

export interface PackedPackage {
  name: string;
  version: string;
  /** Absolute path of the tarball in `out`. */
  tarball: string;
  /** The CHANGELOG.md `changeset version` wrote, as copied into `out`. */
  changelog: string;
}

export interface DryRunResult {
  plan: PlannedRelease[];
  packed: PackedPackage[];
  /** The entry the release step would append to specs/releases.json, or why it would append none. */
  record: { entry: ReleaseEntry } | { reason: string };
}

/** Whether a path inside a publishable package is copied: everything but installs and caches. */
const copied = (source: string) => !/[\\/](node_modules|\.turbo)([\\/]|$)/.test(source);

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * pnpm pack replaces a `workspace:` range with the version of the package installed under that
 * name: in the copy, each such dependency is linked to the copy's package, whose version
 * `changeset version` has bumped.
 */
async function linkWorkspaceDependencies(to: string, pkg: WorkspacePackage, packages: WorkspacePackage[]) {
  for (const field of DEPENDENCY_FIELDS) {
    const deps = (pkg.manifest[field] ?? {}) as Record<string, string>;
    for (const [name, range] of Object.entries(deps)) {
      if (!range.startsWith('workspace:')) continue;
      const dep = packages.find((p) => p.name === name);
      if (!dep)
        throw new Error(
          `${pkg.relativeDir}/package.json: ${name} is "${range}" but no workspace package has that name.`,
        );
      const link = join(to, pkg.relativeDir, 'node_modules', name);
      await mkdir(dirname(link), { recursive: true });
      await symlink(join(to, dep.relativeDir), link, 'dir');
    }
  }
}

/**
 * A copy of the workspace that pnpm and changesets treat as the real one: the root manifest and
 * workspace file, the changesets, the release record, every package's manifest (pnpm resolves
 * `workspace:` ranges from them), and the whole of every publishable package (built).
 */
export async function copyWorkspace(root: string, to: string, packages: WorkspacePackage[]): Promise<void> {
  for (const file of ['package.json', 'pnpm-workspace.yaml']) await cp(join(root, file), join(to, file));
  await cp(join(root, '.changeset'), join(to, '.changeset'), { recursive: true });
  await mkdir(join(to, 'specs'), { recursive: true });
  await cp(join(root, 'specs', 'releases.json'), join(to, 'specs', 'releases.json'));
  for (const api of apiNames) {
    await mkdir(join(to, 'specs', api), { recursive: true });
    await cp(join(root, 'specs', api, 'released.json'), join(to, 'specs', api, 'released.json'));
  }
  for (const pkg of packages) {
    const target = join(to, pkg.relativeDir);
    if (pkg.private) {
      await mkdir(target, { recursive: true });
      await cp(join(pkg.dir, 'package.json'), join(target, 'package.json'));
    } else {
      await cp(pkg.dir, target, { recursive: true, filter: copied });
      await linkWorkspaceDependencies(to, pkg, packages);
    }
  }
}

/** `changeset version` in `root`: bumps versions and writes changelogs from the pending changesets, which it deletes. */
export async function applyChangesets(root: string): Promise<void> {
  const changesetBin = join(require.resolve('@changesets/cli/package.json'), '..', 'bin.js');
  await run(process.execPath, [changesetBin, 'version'], { cwd: root }).catch((error: { stderr?: string }) => {
    throw new Error(`changeset version failed in ${root}:\n${error.stderr ?? String(error)}`);
  });
}

/**
 * `pnpm release:dry`: the release as it would go, on a copy of the workspace. Applies the pending
 * changesets there with the changesets CLI (`changeset version`: next versions, CHANGELOG.md),
 * runs the release record (breaking-change gate, history entry, released specs), and packs every
 * publishable package with `pnpm pack` — what `pnpm publish` uploads, `workspace:` ranges replaced —
 * into `out`, with the changelogs, the plan and the would-be history entry. The working tree is
 * not touched; nothing is published.
 */
export async function releaseDry(options: DryRunOptions): Promise<DryRunResult> {
  const { root, out } = options;
  const packages = await workspacePackages(root);
  for (const pkg of publishable(packages)) {
    const manifest = pkg.manifest as { exports?: unknown };
    if (manifest.exports === undefined) throw new Error(`${pkg.relativeDir}/package.json has no "exports".`);
  }
  await rm(out, { recursive: true, force: true });
  await mkdir(join(out, 'changelogs'), { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'roomkit-release-'));
  try {
    await copyWorkspace(root, work, packages);
    for (const [i, changeset] of (options.changesets ?? []).entries()) {
      await writeFile(join(work, '.changeset', `dry-run-${i + 1}.md`), changeset);
    }
    const plan = await releasePlan(work);
    await applyChangesets(work);
    const recorded = await recordRelease({ root: work, date: options.date, current: options.current });
    const record = recorded.recorded ? { entry: recorded.entry } : { reason: recorded.reason };

    const { command, prefix } = pnpmCommand();
    const packed: PackedPackage[] = [];
    for (const pkg of publishable(await workspacePackages(work))) {
      const before = new Set(await readdir(out));
      await run(command, [...prefix, 'pack', '--pack-destination', out], { cwd: pkg.dir }).catch(
        (error: { stdout?: string; stderr?: string }) => {
          throw new Error(
            `pnpm pack of ${pkg.name} failed:\n${`${error.stdout ?? ''}${error.stderr ?? ''}`.trim() || String(error)}`,
          );
        },
      );
      const tarball = (await readdir(out)).find((file) => file.endsWith('.tgz') && !before.has(file));
      if (!tarball) throw new Error(`pnpm pack of ${pkg.name} wrote no tarball into ${out}`);
      const changelog = join(out, 'changelogs', `${basename(pkg.relativeDir)}.CHANGELOG.md`);
      await writeFile(changelog, await readFile(join(pkg.dir, 'CHANGELOG.md'), 'utf8').catch(() => ''));
      packed.push({ name: pkg.name, version: pkg.version, tarball: join(out, tarball), changelog });
    }
    await writeFile(join(out, 'release-plan.json'), `${JSON.stringify({ plan, packed, record }, null, 2)}\n`);
    await writeFile(join(out, 'releases.json'), `${JSON.stringify(await readHistory(work), null, 2)}\n`);
    return { plan, packed, record };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
