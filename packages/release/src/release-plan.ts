import getReleasePlanModule from '@changesets/get-release-plan';
import type { ReleasePlan } from '@changesets/types';

// The package is CommonJS with an ES-module-interop default: under Node's ESM loader the function
// is the module's `default` property.
const getReleasePlan = ((getReleasePlanModule as unknown as { default?: unknown }).default ?? getReleasePlanModule) as (
  cwd: string,
) => Promise<ReleasePlan>;

export interface PlannedRelease {
  name: string;
  type: 'major' | 'minor' | 'patch' | 'none';
  oldVersion: string;
  newVersion: string;
  /** The summaries of the pending changesets that release this package. */
  summaries: string[];
}

/** What `changeset version` would do with the pending changesets in `.changeset/`. */
export async function releasePlan(root: string): Promise<PlannedRelease[]> {
  const plan = await getReleasePlan(root);
  return plan.releases
    .filter((release) => release.type !== 'none')
    .map((release) => ({
      name: release.name,
      type: release.type,
      oldVersion: release.oldVersion,
      newVersion: release.newVersion,
      summaries: plan.changesets.filter((c) => release.changesets.includes(c.id)).map((c) => c.summary),
    }));
}
