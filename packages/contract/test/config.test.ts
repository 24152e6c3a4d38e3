import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiNames } from '@roomkit/openapi';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli.js';
import { buildProgram } from '../src/cli/main.js';
import { configSchema, secretKeys } from '../src/config/config-file.js';
import type { VerifyReport } from '../src/report/types.js';
import { allFlags } from '../src/suites.js';
import { startSandbox, type RunningSandbox, runMain } from './support.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
/** The variable the test files reference for the token (never a real ROOMKIT_ one, which a developer may have set). */
const TOKEN_ENV = 'ROOMKIT_CONFIG_TEST_TOKEN';

const run = runMain;

const dir = mkdtempSync(join(tmpdir(), 'roomkit-config-'));
let n = 0;
/** Writes a config file (with the schema comment editors read) in a folder of its own, and returns its path. */
function configFile(body: string): string {
  n += 1;
  const folder = join(dir, `case-${n}`);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'roomkit.config.yaml');
  writeFileSync(file, `# yaml-language-server: $schema=../../schema/roomkit.config.schema.json\n${body}`);
  return file;
}

describe('roomkit.config.yaml: the schema shipped in the package', () => {
  const defs = configSchema.$defs as Record<string, { properties?: Record<string, { $ref?: string }> }>;

  it('has a key for every target flag of every API, credentials only as environment references', () => {
    const target = defs['target']!.properties!;
    const flagKeys = allFlags().map((f) => f.flags.split(' ')[0]!.replace(/^--/, ''));
    expect(Object.keys(target).sort()).toEqual(
      [...flagKeys, 'api', 'base-url', 'stateless', 'verify', 'reports'].sort(),
    );
    for (const key of secretKeys()) expect(target[key]!.$ref, key).toBe('#/$defs/environmentReference');
    for (const key of flagKeys.filter((k) => !secretKeys().includes(k)))
      expect(target[key]!.$ref, key).not.toBe('#/$defs/environmentReference');
    expect((target['api'] as { enum: string[] }).enum).toEqual([...apiNames]);
  });

  it('names only options verify has (or the engine flags --concurrency and --rate-limit)', () => {
    const verify = buildProgram({ out: () => {}, err: () => {}, setExitCode: () => {} }).commands.find(
      (c) => c.name() === 'verify',
    )!;
    const flags = new Set(verify.options.map((o) => o.long!.replace(/^--/, '')));
    const keys = [...Object.keys(defs['options']!.properties!), ...Object.keys(defs['reports']!.properties!)];
    expect(keys.filter((k) => !flags.has(k))).toEqual(['concurrency', 'rate-limit'].filter((k) => !flags.has(k)));
  });
});

describe('roomkit.config.yaml: errors name the file, the key and the rule (exit 2)', () => {
  afterEach(() => {
    delete process.env[TOKEN_ENV];
  });

  const target = (extra = '') => `targets:
  sandbox:
    api: hospitality
    base-url: http://127.0.0.1:1
    token: \${${TOKEN_ENV}}
    organization-id: amzn1.alexa.unit.did.X
${extra}`;

  it.each([
    [
      'an unknown key, with its line',
      `${target()}    retries: 3\n`,
      /roomkit\.config\.yaml:8: targets\.sandbox\.retries: unknown key \(additionalProperties: allowed here are api, base-url/,
    ],
    [
      'a number below its minimum',
      `verify:\n  runs: 0\n${target()}`,
      /roomkit\.config\.yaml:3: verify\.runs: must be >= 1 \(minimum\)/,
    ],
    ['a wrong type', `verify:\n  keep-failing: "yes"\n${target()}`, /verify\.keep-failing: must be boolean \(type\)/],
    [
      'an unknown API',
      target().replace('api: hospitality', 'api: hotels'),
      /targets\.sandbox\.api: must be one of hospitality, room-retrieve \(enum\)/,
    ],
    ['no targets', 'verify:\n  runs: 2\n', /\(top level\): missing the required key "targets" \(required\)/],
    [
      'a YAML syntax error, with its line',
      `${target()}    stateless: [true\n`,
      /roomkit\.config\.yaml:\d+: not valid YAML/,
    ],
    [
      "a flag's own rule",
      `verify:\n  seed: 3000000000\n${target()}`,
      /verify\.seed: must be <= 2147483647 \(maximum\)/,
    ],
    [
      'a value its flag refuses',
      `${target()}    hotel: nocolon\n`.replace('api: hospitality', 'api: room-retrieve'),
      /app-id|--hotel must be <hotel_id>:<channel_hotel_id>/,
    ],
  ])('%s', async (_, body, message) => {
    process.env[TOKEN_ENV] = 'from-the-environment';
    const { code, err } = await run(['verify', '--config', configFile(body)]);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(message);
  });

  it('refuses a literal credential, naming the key and the variable to use, never echoing the value', async () => {
    const file = configFile(target().replace(`\${${TOKEN_ENV}}`, 'Atza|live-secret-value'));
    const { code, err } = await run(['verify', '--config', file]);
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(/roomkit\.config\.yaml:6: targets\.sandbox\.token holds a literal credential/);
    expect(err).toContain('token: "${ROOMKIT_TOKEN}"');
    expect(err).not.toContain('live-secret-value');
    // A reference inside other text is a literal too: the whole value must be the reference.
    const mixed = configFile(target().replace(`\${${TOKEN_ENV}}`, `Bearer \${${TOKEN_ENV}}`));
    expect((await run(['verify', '--config', mixed])).err).toMatch(
      /targets\.sandbox\.token holds a literal credential/,
    );
  });

  it('an unset environment reference names the key and the variable', async () => {
    const { code, err } = await run(['verify', '--config', configFile(target())]);
    expect(code).toBe(EXIT.usage);
    expect(err).toContain(`targets.sandbox.token refers to \${${TOKEN_ENV}}, which is not set in the environment`);
  });

  it('several targets need --target (or target:), and an unknown one lists the others', async () => {
    process.env[TOKEN_ENV] = 'x';
    const two = configFile(`${target()}  other:\n    api: hospitality\n`);
    expect((await run(['verify', '--config', two])).err).toMatch(
      /names 2 targets \(sandbox, other\): pick one with --target <name>/,
    );
    const unknown = await run(['verify', '--config', two, '--target', 'staging']);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.err).toMatch(/--target staging is not a target of .*; its targets are sandbox, other/);
    const mismatch = await run(['verify', 'room-retrieve', '--config', two, '--target', 'sandbox']);
    expect(mismatch.err).toMatch(/the target sandbox of .* is a hospitality target/);
    expect((await run(['verify', '--target', 'sandbox'])).err).toMatch(/--target sandbox needs a config file/);
    expect((await run(['verify', '--config', join(dir, 'absent.yaml')])).err).toMatch(
      /--config .*absent\.yaml: no such file/,
    );
  });
});

function withoutBaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { ROOMKIT_BASE_URL: _, ...rest } = env;
  return rest;
}

describe('roomkit.config.yaml against the sandbox', () => {
  let s: RunningSandbox;
  beforeAll(async () => {
    s = await startSandbox();
  });
  afterAll(async () => {
    await s.sandbox.close();
    delete process.env[TOKEN_ENV];
    delete process.env['ROOMKIT_BASE_URL'];
  });

  const body = (baseUrl: string) => `target: sandbox
verify:
  runs: 2
  seed: 11
  max-requests: 5000
  concurrency: 2
  operations: listProperties
reports:
  json: reports/run.json
targets:
  sandbox:
    api: hospitality
    base-url: ${baseUrl}
    token: \${${TOKEN_ENV}}
    organization-id: ${s.hospitality.organizationId}
    verify:
      runs: 3
`;

  it('flags override the file, the file overrides environment variables and defaults; paths are relative to the file', async () => {
    process.env[TOKEN_ENV] = s.hospitality.token;
    // A variable the file overrides: were it used, the run could not reach its target.
    process.env['ROOMKIT_BASE_URL'] = 'http://127.0.0.1:1';
    const file = configFile(body(s.sandbox.url));
    const { code, err } = await run(['verify', '--config', file, '--seed', '12', '--quiet']);
    expect(code, err).toBe(EXIT.conforms);
    const report = JSON.parse(readFileSync(join(file, '..', 'reports', 'run.json'), 'utf8')) as VerifyReport;
    expect(report.seed).toBe(12); // the flag, over the file's 11
    expect(report.runs).toBe(3); // the target's own, over the top-level 2
    expect(report.limits.maxRequests).toBe(5000); // the file, over the default
    expect(report.baseUrl).toBe(s.sandbox.url); // the file, over ROOMKIT_BASE_URL
    expect(report.selection?.excludedOperations).toContain('createProperty');
    expect(JSON.stringify(report)).not.toContain(s.hospitality.token);
    // A key of the schema this verifier has no flag for is accepted and said to be ignored; with the flag, it is used.
    const verify = buildProgram({ out: () => {}, err: () => {}, setExitCode: () => {} }).commands.find(
      (c) => c.name() === 'verify',
    )!;
    if (verify.options.some((o) => o.long === '--concurrency')) expect(err).not.toContain('concurrency is ignored');
    else expect(err).toContain('concurrency is ignored: this roomkit verify has no --concurrency');
  });

  it('is found in the working directory without --config, and verify needs no API argument', async () => {
    const file = configFile(body(s.sandbox.url));
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, 'verify', '--quiet', '--runs', '1'], {
        cwd: join(file, '..'),
        env: { ...withoutBaseUrl(process.env), [TOKEN_ENV]: s.hospitality.token },
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('close', (code) => resolve({ code, output }));
    });
    expect(code, output).toBe(0);
    expect(output).toContain(`roomkit verify hospitality against ${s.sandbox.url}`);
    expect(output).toContain('runs 1');
  });
});
