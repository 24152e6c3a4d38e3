#!/usr/bin/env node
// `pnpm spec:breaking` (also the lint task of this package, so `pnpm lint`, `pnpm test` and CI
// run it): the current bundled specs against the released ones. Exit 0 when every breaking
// change comes with a major bump of its client, 1 when one does not, 2 on a usage or setup error.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { cliOptions, runCli } from './cli-args.js';
import { checkBreaking, formatGate } from './gate.js';
import { repoRoot } from './workspace.js';

const options = cliOptions('roomkit-spec-breaking [--root <repository>] [--json <file>]', ['root', 'json']);

runCli(async () => {
  const results = await checkBreaking({ root: resolve(options.root ?? repoRoot) });
  console.log(formatGate(results));
  if (options.json) {
    const report = results.map(({ released, current, ...rest }) => ({
      ...rest,
      releasedSpecVersion: released.info.version,
      currentSpecVersion: current.info.version,
    }));
    await writeFile(options.json, `${JSON.stringify(report, null, 2)}\n`);
  }
  return results.every((r) => r.ok) ? 0 : 1;
});
