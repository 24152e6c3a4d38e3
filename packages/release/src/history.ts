import { writeFile } from 'node:fs/promises';
import type { ApiName, OpenApiDocument } from '@roomkit/openapi';
import type { SpecChange } from './spec-diff.js';
import { historyPath, readJson, releasedSpecPath } from './workspace.js';

/** What the history keeps of a change (not the values: a removed schema can be large). */
export type RecordedChange = Pick<SpecChange, 'pointer' | 'classification' | 'kind' | 'side' | 'description'> &
  Partial<Pick<SpecChange, 'definedAt' | 'rule'>>;

export interface ApiRelease {
  api: ApiName;
  title: string;
  /** The spec's `info.version` as released. */
  specVersion: string;
  client: string;
  clientVersion: string;
  /** True for the first recorded release: the spec as it stood, with nothing to compare it to. */
  baseline?: boolean;
  /** What changed since the previous release, classified (empty when nothing did). */
  changes: RecordedChange[];
}

export interface ReleaseEntry {
  /** YYYY-MM-DD. */
  date: string;
  /** The version of every publishable package in this release. */
  packages: Record<string, string>;
  apis: ApiRelease[];
}

export interface ReleaseHistory {
  $comment: string;
  releases: ReleaseEntry[];
}

export const HISTORY_COMMENT =
  'Appended by `pnpm release:version` (packages/release); never edit by hand. The docs build its "Changes" page from it.';

export async function readHistory(root: string): Promise<ReleaseHistory> {
  const history = await readJson<ReleaseHistory>(historyPath(root)).catch((error: Error) => {
    if (/is missing/.test(error.message)) return { $comment: HISTORY_COMMENT, releases: [] };
    throw error;
  });
  if (!Array.isArray(history.releases)) throw new Error(`${historyPath(root)}: "releases" must be an array.`);
  return history;
}

export async function writeHistory(root: string, history: ReleaseHistory): Promise<void> {
  await writeFile(historyPath(root), `${JSON.stringify(history, null, 2)}\n`);
}

/** The last release that recorded this API, with the client version it went out with. */
export function lastReleaseOf(history: ReleaseHistory, api: ApiName): ApiRelease | undefined {
  for (let i = history.releases.length - 1; i >= 0; i--) {
    const found = history.releases[i]!.apis.find((entry) => entry.api === api);
    if (found) return found;
  }
  return undefined;
}

export async function readReleasedSpec(root: string, api: ApiName): Promise<OpenApiDocument> {
  return readJson<OpenApiDocument>(releasedSpecPath(root, api)).catch((error: Error) => {
    throw new Error(
      `${error.message} It holds the bundled ${api} spec as last released; \`pnpm release:version\` writes it ` +
        '(the first run records the current spec as the baseline).',
    );
  });
}

export function toRecorded(change: SpecChange): RecordedChange {
  const { pointer, definedAt, classification, kind, side, description, rule } = change;
  return {
    pointer,
    ...(definedAt ? { definedAt } : {}),
    classification,
    kind,
    side,
    description,
    ...(rule ? { rule } : {}),
  };
}
