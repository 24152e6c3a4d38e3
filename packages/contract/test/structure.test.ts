import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import madge from 'madge';
import { describe, expect, it } from 'vitest';

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

/** A module's place: its folder under src/, or the file itself when it sits at the top of src/. */
const place = (file: string) => (file.includes('/') ? `${file.split('/')[0]}/` : file);

/** Cycles between places (folders, or top-level files) in the import graph of a package's src/. */
async function folderCycles(pkg: string): Promise<string[]> {
  const src = join(packagesDir, pkg, 'src');
  const graph = (await madge(src, { fileExtensions: ['ts'], tsConfig: join(packagesDir, pkg, 'tsconfig.json') })).obj();
  const edges = new Map<string, Set<string>>();
  for (const [file, deps] of Object.entries(graph)) {
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
  return [...cycles];
}

const packages = readdirSync(packagesDir).filter(
  (p) => existsSync(join(packagesDir, p, 'src')) && existsSync(join(packagesDir, p, 'tsconfig.json')),
);

describe('no import cycles between folders', () => {
  it.each(packages)('packages/%s/src', async (pkg) => {
    expect(await folderCycles(pkg)).toEqual([]);
  });
});
