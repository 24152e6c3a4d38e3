import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsonpatch, { type Operation } from 'fast-json-patch';
import { apiNames, loadSpec, type ApiName, type OpenApiDocument } from '@roomkit/openapi';
import type { Classification } from '../../src/index.js';
import { copyWorkspace, releasedSpecPath, repoRoot, workspacePackages } from '../../src/index.js';

/** A spec edit (a JSON Patch on today's bundled spec) and the verdict roomkit's gate must reach. */
export interface SpecEditFixture {
  file: string;
  title: string;
  api: ApiName;
  patch: Operation[];
  /** The worst classification among the changes: breaking > unclassified > non-breaking > docs. */
  verdict: Classification;
  changes: { kind: string; classification: Classification; pointer: string }[];
}

const fixturesDir = join(import.meta.dirname, '..', 'fixtures', 'spec-edits');

export async function specEditFixtures(): Promise<SpecEditFixture[]> {
  const files = (await readdir(fixturesDir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(
      async (file) =>
        ({ file, ...(JSON.parse(await readFile(join(fixturesDir, file), 'utf8')) as object) }) as SpecEditFixture,
    ),
  );
}

export async function specEditFixture(name: string): Promise<SpecEditFixture> {
  const found = (await specEditFixtures()).find((f) => f.file === `${name}.json`);
  if (!found) throw new Error(`no fixture ${name}.json in ${fixturesDir}`);
  return found;
}

/** Today's bundled spec with the fixture's edit applied (the bundled spec itself is left alone). */
export function edited(fixture: Pick<SpecEditFixture, 'api' | 'patch'>): OpenApiDocument {
  return jsonpatch.applyPatch(structuredClone(loadSpec(fixture.api)), fixture.patch, true, false)
    .newDocument as OpenApiDocument;
}

const order: Classification[] = ['docs', 'non-breaking', 'unclassified', 'breaking'];
export function worst(classifications: Classification[]): Classification | 'none' {
  if (classifications.length === 0) return 'none';
  return classifications.reduce((w, c) => (order.indexOf(c) > order.indexOf(w) ? c : w));
}

/**
 * A copy of this workspace (manifests, changesets, release record, built publishable packages) to
 * change freely, as if today's specs had just been released: spec edits pending since the last
 * real release (which `pnpm spec:breaking` judges on the real tree) do not mix with the tests' own.
 */
export async function scratchWorkspace(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'roomkit-release-test-'));
  await copyWorkspace(repoRoot, root, await workspacePackages(repoRoot));
  for (const api of apiNames)
    await writeFile(releasedSpecPath(root, api), `${JSON.stringify(loadSpec(api), null, 2)}\n`);
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export const changeset = (releases: Record<string, 'major' | 'minor' | 'patch'>, summary: string) =>
  `---\n${Object.entries(releases)
    .map(([name, type]) => `'${name}': ${type}`)
    .join('\n')}\n---\n\n${summary}\n`;
