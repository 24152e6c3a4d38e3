#!/usr/bin/env node
// Second half of `pnpm release:version` (after `changeset version`): records the release in
// specs/releases.json and makes the current bundled specs the released ones.
import { resolve } from 'node:path';
import { cliOptions, runCli } from './cli-args.js';
import { recordRelease } from './record.js';
import { repoRoot } from './workspace.js';

const options = cliOptions('roomkit-release-record [--root <repository>] [--date YYYY-MM-DD]', ['root', 'date']);
if (options.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.date)) {
  console.error(`--date "${options.date}": expected YYYY-MM-DD`);
  process.exit(2);
}

runCli(async () => {
  try {
    const result = await recordRelease({ root: resolve(options.root ?? repoRoot), date: options.date });
    if (!result.recorded) {
      console.log(`nothing recorded: ${result.reason}`);
      return 0;
    }
    const { entry } = result;
    console.log(`recorded the release of ${entry.date} in specs/releases.json:`);
    for (const api of entry.apis) {
      console.log(
        `  ${api.api} spec ${api.specVersion}, ${api.client} ${api.clientVersion}: ${api.changes.length} changes`,
      );
    }
    console.log('and wrote specs/<api>/released.json. Commit them with the versions and changelogs.');
    return 0;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('Refusing')) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
});
