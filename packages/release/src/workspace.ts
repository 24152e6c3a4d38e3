import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getPackages } from '@manypkg/get-packages';
import { apiNames, isApiName, type ApiName } from '@roomkit/openapi';

/** The repository this package sits in (src/ and dist/ are both one level below the package). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface WorkspacePackage {
  name: string;
  version: string;
  /** Absolute directory. */
  dir: string;
  /** Relative to the workspace root, `/`-separated. */
  relativeDir: string;
  private: boolean;
  manifest: Manifest;
}

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  /** `"roomkit": { "spec": "<api>" }` declares the client generated from that spec: the only place that says so. */
  roomkit?: { spec?: string };
  [key: string]: unknown;
}

export async function workspacePackages(root: string): Promise<WorkspacePackage[]> {
  const { packages } = await getPackages(root);
  return packages
    .map(({ dir, packageJson }) => {
      const manifest = packageJson as unknown as Manifest;
      return {
        name: manifest.name,
        version: manifest.version,
        dir,
        relativeDir: dir
          .slice(resolve(root).length + 1)
          .split('\\')
          .join('/'),
        private: manifest.private === true,
        manifest,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Every package that `changeset publish` would publish: the workspace packages not marked private. */
export function publishable(packages: WorkspacePackage[]): WorkspacePackage[] {
  return packages.filter((p) => !p.private);
}

/**
 * The client generated from each spec, read from the `roomkit.spec` field of the clients'
 * package.json (their generate scripts read the same field). Each API needs exactly one
 * publishable client; a declaration that names no API is an error.
 */
export function clientsBySpec(packages: WorkspacePackage[]): Map<ApiName, WorkspacePackage> {
  const clients = new Map<ApiName, WorkspacePackage>();
  for (const pkg of packages) {
    const spec = pkg.manifest.roomkit?.spec;
    if (spec === undefined) continue;
    if (!isApiName(spec)) {
      throw new Error(
        `${pkg.relativeDir}/package.json: roomkit.spec "${spec}" names no API (expected one of ${apiNames.join(', ')}).`,
      );
    }
    if (pkg.private)
      throw new Error(
        `${pkg.relativeDir}/package.json: ${pkg.name} declares roomkit.spec but is private: only published clients are gated.`,
      );
    const other = clients.get(spec);
    if (other)
      throw new Error(`Both ${other.name} and ${pkg.name} declare roomkit.spec "${spec}": one client per spec.`);
    clients.set(spec, pkg);
  }
  for (const api of apiNames) {
    if (!clients.has(api))
      throw new Error(`No publishable package declares "roomkit": { "spec": "${api}" } in its package.json.`);
  }
  return clients;
}

export async function readJson<T>(file: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new Error(`${file} is missing.`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

export const releasedSpecPath = (root: string, api: ApiName) => join(root, 'specs', api, 'released.json');
export const historyPath = (root: string) => join(root, 'specs', 'releases.json');
