import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeSamples, loadGuides } from '../src/guides.js';
import { docsDir } from '../src/site.js';
import { runNode } from './support/run-node.js';

const sandboxCli = join(docsDir, 'node_modules', '@roomkit', 'sandbox', 'dist', 'cli.js');

/** The words of every line of the guide's blocks that starts the sandbox (`…/dist/cli.js …`), continuation lines joined. */
async function sandboxCommands(): Promise<string[][]> {
  const guide = (await loadGuides(join(docsDir, 'guides'))).find((g) => g.file === '08-shared-sandbox.md');
  if (!guide) throw new Error('guides/08-shared-sandbox.md is missing');
  const commands: string[][] = [];
  for (const sample of codeSamples(guide.file!, guide.markdown)) {
    for (const line of sample.code.replace(/\\\n\s*/g, ' ').split('\n')) {
      const at = line.indexOf('packages/sandbox/dist/cli.js');
      // A Dockerfile's CMD is a JSON array: its words are quoted.
      if (at !== -1) commands.push(line.slice(at).match(/--[a-z-]+/g) ?? []);
    }
  }
  return commands;
}

describe('the shared sandbox guide', () => {
  it('starts replicas only with options that roomkit-sandbox has, and names its database variable', async () => {
    const help = (await runNode([sandboxCli, '--help'])).output;
    const commands = await sandboxCommands();
    expect(commands.length).toBeGreaterThanOrEqual(3);
    const unknown = commands.flat().filter((option) => !help.includes(option));
    expect(unknown, 'options in guides/08-shared-sandbox.md that roomkit-sandbox --help does not list').toEqual([]);
    const guide = (await loadGuides(join(docsDir, 'guides'))).find((g) => g.file === '08-shared-sandbox.md')!;
    for (const variable of guide.markdown.match(/ROOMKIT_SANDBOX_DB\b/g) ?? [])
      expect(help, `${variable} is not in roomkit-sandbox --help`).toContain(variable);
  });
});
