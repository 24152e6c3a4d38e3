import semver from 'semver';
import { apiNames, loadSpec, type ApiName, type OpenApiDocument } from '@roomkit/openapi';
import { policyRules, type PolicyRule } from './change-policy.js';
import { lastReleaseOf, readHistory, readReleasedSpec } from './history.js';
import { releasePlan } from './release-plan.js';
import { diffSpecs, type SpecChange } from './spec-diff.js';
import { clientsBySpec, historyPath, workspacePackages } from './workspace.js';

export interface GateInput {
  api: ApiName;
  released: OpenApiDocument;
  current: OpenApiDocument;
  client: string;
  /** The client's version at the last release of this spec. */
  releasedVersion: string;
  /** The client's version once the pending changesets are applied (its package.json version when none are). */
  nextVersion: string;
}

export interface GateResult extends GateInput {
  changes: SpecChange[];
  /** Breaking and unclassified changes. */
  breaking: SpecChange[];
  majorBump: boolean;
  ok: boolean;
}

export function isBlocking(change: Pick<SpecChange, 'classification'>): boolean {
  return change.classification === 'breaking' || change.classification === 'unclassified';
}

/** A breaking change is allowed only with a major bump of the client generated from the spec. */
export function gate(input: GateInput): GateResult {
  const changes = diffSpecs(input.released, input.current);
  const breaking = changes.filter(isBlocking);
  const majorBump = semver.major(input.nextVersion) > semver.major(input.releasedVersion);
  return { ...input, changes, breaking, majorBump, ok: breaking.length === 0 || majorBump };
}

export interface GateOptions {
  root: string;
  /** The current bundled specs; the ones @roomkit/openapi built when not given. */
  current?: Partial<Record<ApiName, OpenApiDocument>>;
  /** Client versions to judge instead of the release plan's (the release step passes the bumped ones). */
  versions?: Record<string, string>;
}

/** Runs the gate for every API: released form and client version from the history, next version from the pending changesets. */
export async function checkBreaking(options: GateOptions): Promise<GateResult[]> {
  const { root } = options;
  const packages = await workspacePackages(root);
  const clients = clientsBySpec(packages);
  const history = await readHistory(root);
  const plan = options.versions ? [] : await releasePlan(root);
  return Promise.all(
    apiNames.map(async (api) => {
      const client = clients.get(api)!;
      const last = lastReleaseOf(history, api);
      if (!last) {
        throw new Error(
          `${historyPath(root)} records no release of the ${api} spec: run \`pnpm release:version\` once to record the baseline.`,
        );
      }
      const planned = plan.find((release) => release.name === client.name);
      return gate({
        api,
        released: await readReleasedSpec(root, api),
        current: options.current?.[api] ?? loadSpec(api),
        client: client.name,
        releasedVersion: last.clientVersion,
        nextVersion: options.versions?.[client.name] ?? planned?.newVersion ?? client.version,
      });
    }),
  );
}

function changeLines(change: SpecChange): string[] {
  const lines = [`  ${change.classification.padEnd(12)} ${change.kind}  ${change.pointer}`];
  if (change.definedAt) lines.push(`               defined at ${change.definedAt}`);
  lines.push(`               ${change.description}`);
  if (change.rule) lines.push(`               (${policyRules[change.rule as PolicyRule]})`);
  return lines;
}

/** The gate's report: every change of every API, and for a failing API what to do. */
export function formatGate(results: GateResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    const since = `since the last release (${r.client} ${r.releasedVersion}, spec ${r.released.info.version})`;
    if (r.changes.length === 0) {
      out.push(`✓ ${r.api}: no changes ${since}.`);
      continue;
    }
    const counts = ['breaking', 'unclassified', 'non-breaking', 'docs']
      .map((c) => [c, r.changes.filter((x) => x.classification === c).length] as const)
      .filter(([, n]) => n > 0)
      .map(([c, n]) => `${n} ${c}`)
      .join(', ');
    out.push(
      `${r.ok ? '✓' : '✗'} ${r.api}: ${r.changes.length} change${r.changes.length === 1 ? '' : 's'} ${since}: ${counts}.`,
    );
    for (const change of r.changes) out.push(...changeLines(change));
    if (r.breaking.length > 0 && r.majorBump) {
      out.push(`  allowed: ${r.client} goes from ${r.releasedVersion} to ${r.nextVersion}, a major release.`);
    }
    if (!r.ok) {
      out.push(
        '',
        `  ${r.breaking.length} change${r.breaking.length === 1 ? '' : 's'} above can break users of ${r.client}, whose next version is ` +
          `${r.nextVersion} (released: ${r.releasedVersion}); a breaking change needs a major version.`,
        '  What to do:',
        `  - if the change is intended: run \`pnpm changeset\`, select ${r.client}, choose "major", and tell its users what`,
        '    changed and how to upgrade; `pnpm release:dry` shows the resulting version and changelog;',
        '  - otherwise undo the spec edit (the released form is specs/' + r.api + '/released.json);',
        '  - an "unclassified" change is one roomkit cannot judge and counts as breaking: if it cannot break clients,',
        '    name its kind in packages/release/src/change-policy.ts (with a fixture in packages/release/test/fixtures).',
      );
    }
  }
  return out.join('\n');
}
