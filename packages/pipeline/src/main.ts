#!/usr/bin/env node
// The main job: start the Prism mock of each spec and the stateful sandbox, run
// `roomkit verify` against every one of them exactly as a user would (same CLI, same flags),
// and print one summary. Exits 1 when any target does not conform.
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMock } from '@roomkit/mock';
import {
  createSandbox,
  defaultFixturePath,
  roomRetrieveAuthorization,
  type Fixture,
  type Sandbox,
} from '@roomkit/sandbox';

export interface TargetRun {
  label: string;
  args: string[];
}

export interface RunResult {
  label: string;
  exitCode: number;
  conforms: boolean;
  violations: number;
  requests: number;
  requestsPerSecond: number;
  durationMs: number;
  properties: { passed: number; failed: number; skipped: number };
}

const cliPath = join(dirname(fileURLToPath(import.meta.resolve('@roomkit/contract'))), 'cli.js');

/** The verify invocations for a mock of each API and for the sandbox, from the sandbox's seed. */
export function plannedRuns(
  mocks: { hospitality: string; roomRetrieve: string },
  sandbox: Sandbox,
  fixture: Fixture,
): TargetRun[] {
  const [first, second] = sandbox.organizations;
  const app = sandbox.seed.roomRetrieve.apps[0];
  if (!first || !second || !app) throw new Error('The sandbox seed needs two organizations and one Room Retrieve app.');
  const authorization = roomRetrieveAuthorization(app);
  const hotels = fixture.hotels.flatMap((h) => ['--hotel', `${h.hotel_id}:${h.channel_hotel_id}`]);
  const hospitality = ['--token', first.tokens[0]!, '--organization-id', first.id];
  const roomRetrieve = ['--app-id', app.appId, '--api-key', authorization, ...hotels];
  return [
    {
      label: 'hospitality @ prism mock',
      args: ['hospitality', '--base-url', mocks.hospitality, '--stateless', ...hospitality],
    },
    {
      label: 'room-retrieve @ prism mock',
      args: ['room-retrieve', '--base-url', mocks.roomRetrieve, '--stateless', ...roomRetrieve],
    },
    {
      label: 'hospitality @ sandbox',
      args: [
        'hospitality',
        '--base-url',
        sandbox.url,
        ...hospitality,
        '--second-token',
        second.tokens[0]!,
        '--second-organization-id',
        second.id,
      ],
    },
    { label: 'room-retrieve @ sandbox', args: ['room-retrieve', '--base-url', sandbox.url, ...roomRetrieve] },
  ];
}

function slug(label: string): string {
  return label
    .replace(/[^a-z0-9]+/gi, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase();
}

/** Runs the real CLI in a child process, streaming its output, and reads its JSON report. */
async function runVerify(run: TargetRun, reportsDir: string, extra: string[]): Promise<RunResult> {
  const json = join(reportsDir, `${slug(run.label)}.json`);
  const junit = join(reportsDir, `${slug(run.label)}.xml`);
  process.stdout.write(`\n=== roomkit verify ${run.label} ===\n`);
  const exitCode = await new Promise<number>((done, fail) => {
    const child = spawn(
      process.execPath,
      [cliPath, 'verify', ...run.args, '--json', json, '--junit', junit, ...extra],
      { stdio: 'inherit' },
    );
    child.on('error', fail);
    child.on('exit', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
  if (exitCode === 2) throw new Error(`roomkit verify ${run.label} could not run (exit 2); see its output above.`);
  const report = JSON.parse(await readFile(json, 'utf8')) as {
    conforms: boolean;
    violations: unknown[];
    requests: number;
    requestsPerSecond: number;
    durationMs: number;
    properties: { status: string }[];
  };
  const count = (status: string) => report.properties.filter((p) => p.status === status).length;
  return {
    label: run.label,
    exitCode,
    conforms: report.conforms,
    violations: report.violations.length,
    requests: report.requests,
    requestsPerSecond: report.requestsPerSecond,
    durationMs: report.durationMs,
    properties: { passed: count('passed'), failed: count('failed'), skipped: count('skipped') },
  };
}

export function formatSummary(results: RunResult[]): string {
  const rows = results.map((r) => [
    r.label,
    r.conforms ? 'conforms' : 'VIOLATIONS',
    String(r.violations),
    `${r.properties.passed}/${r.properties.failed}/${r.properties.skipped}`,
    String(r.requests),
    r.requestsPerSecond.toFixed(0),
    (r.durationMs / 1000).toFixed(1),
  ]);
  const header = ['target', 'result', 'violations', 'props ok/failed/skipped', 'requests', 'req/s', 'seconds'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return ['', 'roomkit main job summary', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join(
    '\n',
  );
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const started = Date.now();
  const reportsDir = resolve(process.env.ROOMKIT_REPORTS ?? 'reports/main');
  await mkdir(reportsDir, { recursive: true });
  const fixture = JSON.parse(await readFile(defaultFixturePath, 'utf8')) as Fixture;
  const opened: { stop(): Promise<void> }[] = [];
  const stopAll = () => Promise.allSettled(opened.map((o) => o.stop()));
  const onSignal = () => void stopAll().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    process.stdout.write('Starting the Prism mocks and the sandbox on 127.0.0.1 …\n');
    const [mockH, mockR] = await Promise.all([startMock({ api: 'hospitality' }), startMock({ api: 'room-retrieve' })]);
    opened.push(mockH, mockR);
    const sandbox = await createSandbox({
      database: ':memory:',
      host: '127.0.0.1',
      port: 0,
      log: (l) => process.stderr.write(`[sandbox] ${l}\n`),
    });
    opened.push({ stop: () => sandbox.close() });
    process.stdout.write(
      `prism hospitality ${mockH.url} · prism room-retrieve ${mockR.url} · sandbox ${sandbox.url}\n`,
    );

    const results: RunResult[] = [];
    for (const run of plannedRuns({ hospitality: mockH.url, roomRetrieve: mockR.url }, sandbox, fixture)) {
      results.push(await runVerify(run, reportsDir, argv));
    }
    process.stdout.write(`${formatSummary(results)}\n\nReports (JSON and JUnit): ${reportsDir}\n`);
    process.stdout.write(
      `Servers started and four targets verified in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
    );
    if (sandbox.conformanceProblems.length > 0) {
      process.stdout.write(
        `The sandbox found ${sandbox.conformanceProblems.length} of its own answers non-conforming:\n${sandbox.conformanceProblems.join('\n')}\n`,
      );
      return 1;
    }
    return results.every((r) => r.conforms) ? 0 : 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await stopAll();
  }
}

const invokedDirectly =
  process.argv[1] !== undefined && resolve(process.argv[1]).replace(/\.ts$/, '.js').endsWith(join('dist', 'main.js'));
if (invokedDirectly) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`roomkit main job failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
