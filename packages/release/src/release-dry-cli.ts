#!/usr/bin/env node
// `pnpm release:dry`: the release on a copy of the workspace; tarballs and reports into
// reports/release/ (git-ignored). Nothing in the working tree changes and nothing is published.
import { relative, resolve } from 'node:path';
import { cliOptions, runCli } from './cli-args.js';
import { releaseDry } from './dry-run.js';
import { repoRoot } from './workspace.js';

const options = cliOptions('roomkit-release-dry [--root <repository>] [--out <folder>]', ['root', 'out']);

runCli(async () => {
  const root = resolve(options.root ?? repoRoot);
  const out = resolve(options.out ?? resolve(root, 'reports', 'release'));
  const started = Date.now();
  const result = await releaseDry({ root, out });
  if (result.plan.length === 0) console.log('no pending changesets: every package would keep its version.');
  for (const release of result.plan) {
    console.log(`${release.name}: ${release.oldVersion} -> ${release.newVersion} (${release.type})`);
  }
  if ('reason' in result.record) console.log(`release record: ${result.record.reason}`);
  else {
    for (const api of result.record.entry.apis) {
      console.log(`${api.api}: spec ${api.specVersion}, ${api.changes.length} recorded changes`);
    }
  }
  for (const pkg of result.packed) console.log(`packed ${pkg.name}@${pkg.version} -> ${relative(root, pkg.tarball)}`);
  console.log(
    `release dry run in ${((Date.now() - started) / 1000).toFixed(1)} s: changelogs, release-plan.json and releases.json in ${relative(root, out)}/`,
  );
  return 0;
});
