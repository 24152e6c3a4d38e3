import { writeFile } from 'node:fs/promises';
import { apiNames, loadSpec, type ApiName, type OpenApiDocument } from '@roomkit/openapi';
import { checkBreaking, formatGate } from './gate.js';
import { readHistory, toRecorded, writeHistory, type ReleaseEntry } from './history.js';
import { clientsBySpec, publishable, releasedSpecPath, workspacePackages } from './workspace.js';

export interface RecordOptions {
  root: string;
  /** YYYY-MM-DD; today (UTC) when not given. */
  date?: string;
  current?: Partial<Record<ApiName, OpenApiDocument>>;
}

export type RecordResult = { recorded: true; entry: ReleaseEntry } | { recorded: false; reason: string };

/**
 * The release step's record, run after `changeset version` has bumped the versions: appends to
 * specs/releases.json the classified changes of each spec since its last release, with the
 * version of every publishable package, and makes the current bundled specs the released ones.
 * Refuses a breaking change whose client was not bumped to a new major version. The first run,
 * on an empty history, records the current specs as the baseline.
 */
export async function recordRelease(options: RecordOptions): Promise<RecordResult> {
  const { root } = options;
  const packages = await workspacePackages(root);
  const clients = clientsBySpec(packages);
  const versions = Object.fromEntries(publishable(packages).map((p) => [p.name, p.version]));
  const history = await readHistory(root);
  const last = history.releases.at(-1);
  if (last && Object.entries(versions).every(([name, version]) => last.packages[name] === version)) {
    return {
      recorded: false,
      reason:
        `no publishable package has a new version since the release of ${last.date}: ` +
        'add changesets (`pnpm changeset`) and run `changeset version` first.',
    };
  }
  const current = (api: ApiName) => options.current?.[api] ?? loadSpec(api);
  const results = last ? await checkBreaking({ root, current: options.current, versions }) : [];
  const failing = results.filter((r) => !r.ok);
  if (failing.length > 0) throw new Error(`Refusing to record the release:\n${formatGate(failing)}`);

  const entry: ReleaseEntry = {
    date: options.date ?? new Date().toISOString().slice(0, 10),
    packages: versions,
    apis: apiNames.map((api) => {
      const doc = current(api);
      const client = clients.get(api)!;
      const result = results.find((r) => r.api === api);
      return {
        api,
        title: doc.info.title,
        specVersion: doc.info.version,
        client: client.name,
        clientVersion: client.version,
        ...(last ? {} : { baseline: true }),
        changes: (result?.changes ?? []).map(toRecorded),
      };
    }),
  };
  for (const api of apiNames) {
    await writeFile(releasedSpecPath(root, api), `${JSON.stringify(current(api), null, 2)}\n`);
  }
  history.releases.push(entry);
  await writeHistory(root, history);
  return { recorded: true, entry };
}
