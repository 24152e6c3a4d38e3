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

function run(args: string[], env: Record<string, string> = {}) {
  return runNode([roomkitCli, ...args], { env });
}

interface DocumentedCommand {
  /** How it is run: from this repository (`pnpm`) or as the installed verifier (`npx`). */
  runner: 'pnpm' | 'npx';
  /** The language of the block it is in (`sh`, `yaml`), and the whole block. */
  lang: string;
  block: string;
  words: string[];
  /** `NAME=value` assignments written before the command. */
  env: Record<string, string>;
}

/** Every `pnpm [-s] roomkit verify ...` and `npx roomkit verify ...` command of the guide's blocks, continuation lines joined. */
async function documentedCommands(): Promise<DocumentedCommand[]> {
  const guide = (await loadGuides(join(docsDir, 'guides'))).find((g) => g.file === '06-verify.md');
  if (!guide) throw new Error('guides/06-verify.md is missing');
  const commands: DocumentedCommand[] = [];
  for (const sample of codeSamples(guide.file!, guide.markdown)) {
    const joined = sample.code.replace(/\\\n\s*/g, ' ');
    for (const line of joined.split('\n')) {
      const match = /(pnpm (?:-s )?|npx )roomkit (verify .*)$/.exec(line);
      if (match === null) continue;
      // The shell would expand $VARS and "${{ secrets }}": keep each word as written.
      const words: string[] = match[2]!.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
      const end = words.indexOf('||');
      const env = Object.fromEntries(
        [...line.slice(0, match.index).matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]),
      );
      commands.push({
        runner: match[1]!.startsWith('npx') ? 'npx' : 'pnpm',
        lang: sample.info,
        block: sample.code,
        words: end === -1 ? words : words.slice(0, end),
        env,
      });
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
    for (const { words } of commands) {
      for (const word of words) if (word.startsWith('--') && !help.includes(word.split('=')[0]!)) unknown.add(word);
    }
    expect([...unknown], `options in guides/06-verify.md that verify --help does not list`).toEqual([]);
  });

  it('shows the verifier installed on its own in a CI workflow: npx roomkit verify, credentials from secrets, JUnit and HTML kept', async () => {
    const workflows = (await documentedCommands()).filter((c) => c.runner === 'npx' && c.lang === 'yaml');
    expect(workflows.length, 'a GitHub Actions workflow running `npx roomkit verify`').toBeGreaterThan(0);
    for (const { words, block } of workflows) {
      expect(block).toMatch(/npm install [^\n]*(@roomkit\/contract|roomkit-contract-[\d.]+\.tgz)/);
      for (const variable of ['ROOMKIT_BASE_URL', 'ROOMKIT_TOKEN', 'ROOMKIT_ORGANIZATION_ID'])
        expect(block).toMatch(new RegExp(`${variable}: \\$\\{\\{ secrets\\.\\w+ \\}\\}`));
      expect(block).toContain('uses: actions/upload-artifact@');
      expect(block).toMatch(/if: always\(\)\n\s+uses: actions\/upload-artifact@/);
      const kept = [...block.matchAll(/^\s+path: (\S+)$/gm)].map((m) => m[1]!);
      for (const flag of ['--junit', '--html']) {
        const file = words[words.indexOf(flag) + 1];
        expect(file, `${flag} in the workflow`).toBeDefined();
        expect(
          kept.some((path) => file!.startsWith(path.replace(/\/?$/, '/'))),
          `${flag} ${file} is kept as an artefact`,
        ).toBe(true);
      }
    }
  });

  it('its sandbox command passes against a live sandbox and writes the JUnit report the CI example publishes', async () => {
    const command = (await documentedCommands()).find((c) => c.words.includes(DOCUMENTED_SANDBOX_URL));
    expect(command, 'a documented command against the sandbox').toBeDefined();
    const junit = join(reportsDir, 'hospitality.xml');
    const args = command!.words.map((word) => (word === DOCUMENTED_SANDBOX_URL ? sandbox.url : word));
    const { code, output } = await run([...args, '--seed', '42', '--junit', junit, '--quiet'], command!.env);
    expect(code, output).toBe(0);
    for (const secret of Object.values(command!.env)) expect(output).not.toContain(secret);
    const xml = await readFile(junit, 'utf8');
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toMatch(/<testsuites[^>]* failures="0"/);
    expect(xml).toContain('<testcase');
  }, 600_000);
});
