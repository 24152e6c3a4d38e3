import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

/** A module's place: its folder under src/, or the file itself when it sits at the top of src/. */
const place = (file: string) => (file.includes('/') ? `${file.split('/')[0]}/` : file);

/** The .ts files under a folder (what madge must find). */
const tsFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));

/**
 * Cycles between places (folders, or top-level files) in the import graph of a folder, with the
 * number of modules and imports madge found: a graph that is empty proves nothing.
 */
async function folderCycles(
  src: string,
  tsConfig: string,
): Promise<{ modules: string[]; imports: number; cycles: string[] }> {
  const graph = (await madge(src, { fileExtensions: ['ts'], tsConfig })).obj();
  const edges = new Map<string, Set<string>>();
  let imports = 0;
  for (const [file, deps] of Object.entries(graph)) {
    imports += deps.length;
    for (const dep of deps) {
      const [from, to] = [place(file), place(dep)];
      if (from !== to) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  const cycles = new Set<string>();
  const walk = (start: string, at: string, path: string[]) => {
    for (const next of edges.get(at) ?? []) {
      if (next === start) cycles.add([...path, next].join(' -> '));
      else if (!path.includes(next)) walk(start, next, [...path, next]);
    }
  };
  for (const start of edges.keys()) walk(start, start, [start]);
  return { modules: Object.keys(graph).filter((f) => !f.startsWith('../')), imports, cycles: [...cycles] };
}

const packages = readdirSync(packagesDir).filter(
  (p) => existsSync(join(packagesDir, p, 'src')) && existsSync(join(packagesDir, p, 'tsconfig.json')),
);

describe('no import cycles between folders', () => {
  it('the walker finds a cycle between two folders (a fixture)', async () => {
    const fixture = fileURLToPath(new URL('fixtures/import-cycle', import.meta.url));
    const found = await folderCycles(fixture, join(packagesDir, 'contract', 'tsconfig.json'));
    expect(found).toEqual({
      modules: ['a/first.ts', 'b/second.ts'],
      imports: 2,
      cycles: ['a/ -> b/ -> a/', 'b/ -> a/ -> b/'],
    });
  });
  it('finds packages to check', () => {
    expect(packages).toEqual(expect.arrayContaining(['contract', 'openapi', 'sandbox']));
  });
  it.each(packages)('packages/%s/src', async (pkg) => {
    const src = join(packagesDir, pkg, 'src');
    const found = await folderCycles(src, join(packagesDir, pkg, 'tsconfig.json'));
    // Every module was read, and their imports resolved: else "no cycle" would say nothing.
    expect(found.modules.sort()).toEqual(tsFiles(src).sort());
    if (found.modules.length > 1) expect(found.imports).toBeGreaterThan(0);
    expect(found.cycles).toEqual([]);
  });
});
