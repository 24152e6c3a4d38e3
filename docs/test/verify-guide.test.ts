import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, type Sandbox } from '@roomkit/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeSamples, loadGuides } from '../src/guides.js';
import { docsDir } from '../src/site.js';
import { runNode } from './support/run-node.js';

const roomkitCli = join(docsDir, 'node_modules', '@roomkit', 'contract', 'dist', 'cli.js');
const DOCUMENTED_SANDBOX_URL = 'http://127.0.0.1:4020';

function run(args: string[]) {
  return runNode([roomkitCli, ...args]);
}

/** Every `pnpm roomkit verify ...` command of the guide's shell blocks, continuation lines joined. */
async function documentedCommands(): Promise<string[][]> {
  const guide = (await loadGuides(join(docsDir, 'guides'))).find((g) => g.file === '06-verify.md');
  if (!guide) throw new Error('guides/06-verify.md is missing');
  const commands: string[][] = [];
  for (const sample of codeSamples(guide.file!, guide.markdown)) {
    const joined = sample.code.replace(/\\\n\s*/g, ' ');
    for (const line of joined.split('\n')) {
      const at = line.indexOf('pnpm roomkit verify ');
      if (at === -1) continue;
      // The shell would expand $VARS and "${{ secrets }}": keep each word as written.
      const words: string[] = line.slice(at + 'pnpm roomkit '.length).match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
      const end = words.indexOf('||');
      commands.push(end === -1 ? words : words.slice(0, end));
    }
  }
  return commands;
}

let sandbox: Sandbox;
let reportsDir: string;

beforeAll(async () => {
  sandbox = await createSandbox({ port: 0, database: ':memory:' });
  reportsDir = await mkdtemp(join(tmpdir(), 'roomkit-docs-verify-'));
});

afterAll(async () => {
  await sandbox?.close();
  await rm(reportsDir, { recursive: true, force: true });
});

describe('the roomkit verify guide', () => {
  it('uses only options that `roomkit verify` has', async () => {
    const help = (await run(['verify', '--help'])).output;
    const commands = await documentedCommands();
    expect(commands.length).toBeGreaterThanOrEqual(4);
    const unknown = new Set<string>();
    for (const command of commands) {
      for (const word of command) if (word.startsWith('--') && !help.includes(word.split('=')[0]!)) unknown.add(word);
    }
    expect([...unknown], `options in guides/06-verify.md that verify --help does not list`).toEqual([]);
  });

  it('its sandbox command passes against a live sandbox and writes the JUnit report the CI example publishes', async () => {
    const command = (await documentedCommands()).find((c) => c.includes(DOCUMENTED_SANDBOX_URL));
    expect(command, 'a documented command against the sandbox').toBeDefined();
    const junit = join(reportsDir, 'hospitality.xml');
    const args = command!.map((word) => (word === DOCUMENTED_SANDBOX_URL ? sandbox.url : word));
    const { code, output } = await run([...args, '--seed', '42', '--junit', junit, '--quiet']);
    expect(code, output).toBe(0);
    const xml = await readFile(junit, 'utf8');
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toMatch(/<testsuites[^>]* failures="0"/);
    expect(xml).toContain('<testcase');
  }, 180_000);
});
