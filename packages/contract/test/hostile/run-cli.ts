// Runs the built `roomkit verify` as a child process, as a user would, and measures it from outside:
// exit code, wall time, peak RSS, and every file it wrote. A hard deadline and a memory ceiling
// protect the machine from a verify that would run for hours or eat all memory.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HospitalityTarget } from '../../src/hospitality/target.js';

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Writes the child's own peak RSS (kB) to a file at exit: exact, and portable beyond Linux. */
const PEAK_RSS_HOOK = `data:text/javascript,${encodeURIComponent(
  'import { writeFileSync } from "node:fs"; process.on("exit", () => writeFileSync(process.env.HOSTILE_PEAK_RSS_FILE, String(process.resourceUsage().maxRSS)));',
)}`;

/** Credentials reach the CLI through the environment, never the command line. */
export function credentials(target: HospitalityTarget): { args: string[]; env: Record<string, string> } {
  return {
    args: ['--organization-id', target.organizationId, '--second-organization-id', target.secondOrganizationId!],
    env: { ROOMKIT_TOKEN: target.token, ROOMKIT_SECOND_TOKEN: target.secondToken! },
  };
}

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why the harness killed the child, if it did. */
  killed?: string;
  wallMs: number;
  /** Peak resident set size in kB (from the child at exit, else the last `VmHWM` seen). */
  peakRssKb?: number;
  stdout: string;
  stderr: string;
  /** Every file the run wrote into its report directory (JSON, JUnit, ledger), by name (kept as bytes: some are huge). */
  files: Record<string, Buffer>;
}

function procStatus(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/** Output beyond this is dropped (a verify printing without end must not take the test process down). */
const MAX_OUTPUT = 8 * 1024 * 1024;

export async function runVerify(options: {
  target: HospitalityTarget;
  baseUrl: string;
  args: readonly string[];
  deadlineMs: number;
  rssCeilingKb: number;
}): Promise<CliRun> {
  const dir = await mkdtemp(join(tmpdir(), 'roomkit-hostile-'));
  const rssFile = join(dir, '.peak-rss');
  const { args, env } = credentials(options.target);
  const childEnv: Record<string, string> = { HOSTILE_PEAK_RSS_FILE: rssFile, ...env };
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('ROOMKIT_') && value !== undefined) childEnv[name] ??= value;
  }
  const argv = [
    '--import',
    PEAK_RSS_HOOK,
    CLI,
    'verify',
    'hospitality',
    '--base-url',
    options.baseUrl,
    ...args,
    ...options.args,
    '--json',
    join(dir, 'report.json'),
    '--junit',
    join(dir, 'report.xml'),
  ];
  const started = performance.now();
  const child = spawn(process.execPath, argv, { cwd: dir, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => stdout.length < MAX_OUTPUT && (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => stderr.length < MAX_OUTPUT && (stderr += d.toString()));
  let killed: string | undefined;
  let polledPeak: number | undefined;
  const kill = (why: string) => {
    if (killed !== undefined) return;
    killed = why;
    child.kill('SIGKILL');
  };
  const poll = setInterval(() => {
    polledPeak = procStatus(child.pid!, 'VmHWM') ?? polledPeak;
    const rss = procStatus(child.pid!, 'VmRSS');
    if (rss !== undefined && rss > options.rssCeilingKb) kill(`resident memory reached ${Math.round(rss / 1024)} MB`);
  }, 50);
  const deadline = setTimeout(() => kill(`still running after ${options.deadlineMs / 1000} s`), options.deadlineMs);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s])),
  );
  const wallMs = performance.now() - started;
  clearInterval(poll);
  clearTimeout(deadline);
  const files: Record<string, Buffer> = {};
  let peakRssKb = polledPeak;
  for (const name of await readdir(dir)) {
    const bytes = await readFile(join(dir, name));
    if (name === '.peak-rss') peakRssKb = Math.max(Number(bytes.toString()), peakRssKb ?? 0);
    else files[name] = bytes;
  }
  await rm(dir, { recursive: true, force: true });
  return {
    code,
    signal,
    ...(killed === undefined ? {} : { killed }),
    wallMs,
    ...(peakRssKb === undefined ? {} : { peakRssKb }),
    stdout,
    stderr,
    files,
  };
}
