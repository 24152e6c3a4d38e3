// The hostile-target suite (issue 9): `roomkit verify`, run as a user runs it, against a proxy in
// front of the sandbox that misbehaves in one way per case. Whatever the target does, verify must
// keep its promises: no write to anything it did not create, an exit code of 0, 1 or 2 without a
// stack trace, a bounded wall time and memory, no credential in any output, every leftover named.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { startSandbox } from '../support.js';
import { createOperatorData, operatorDamage, readResource } from './operator.js';
import { modes, startProxy, type HostileProxy, type Mode } from './proxy.js';
import { runVerify, type CliRun } from './run-cli.js';

const MAX_DURATION_S = 20;
const CLEANUP_TIMEOUT_S = 10;
/** Process start, spec loading and report writing on a loaded CI machine: generous, the point is "not minutes or hours". */
const STARTUP_S = 60;
/** How long past its bound a run may go before the harness kills it: an overrun is measured, not waited out. */
const OVERRUN_S = 20;
const PEAK_RSS_LIMIT_MB = 300;
/** The harness kills a child beyond this (protects a shared machine); the case then fails on its RSS. */
const RSS_CEILING_MB = 1536;

interface HostileCase {
  name: string;
  mode: () => Mode;
  seed: number;
  /** Appended to the proxy's URL in `--base-url`. */
  basePath?: string;
  maxDuration?: number;
  cleanupTimeout?: number;
  /** Exit codes this case may end with (beyond the universal 0, 1 or 2). */
  exit?: readonly number[];
  stdout?: readonly RegExp[];
  stderr?: readonly RegExp[];
  notStdout?: readonly RegExp[];
  /** Problems in the JSON report (when there is one). */
  report?: (report: JsonReport) => string[];
  /** The target never hid a created id from the run: every one still on the sandbox must be reported. */
  knowsItsIds: boolean;
  /** Cleanup can finish: nothing the run created may be left on the sandbox. */
  cleansUp?: boolean;
}

interface JsonReport {
  properties: Array<{ name: string; status: string }>;
}

const NOT_CONFORMS = [/result: conforms/];

/** The properties of the operations whose every request was throttled cannot have passed. */
function notPassed(operation: RegExp) {
  return (report: JsonReport): string[] =>
    report.properties
      .filter((p) => operation.test(p.name) && p.status === 'passed')
      .map((p) => `property "${p.name}" passed, though every one of its ${operation.source} requests was throttled`);
}

const cases: HostileCase[] = [
  // The longest cases first, so that they overlap.
  {
    name: '(g) a target that hangs after 40 requests',
    mode: () => modes.hangAfter(40),
    seed: 107,
    exit: [1],
    notStdout: NOT_CONFORMS,
    knowsItsIds: true,
  },
  {
    name: '(h) 429 forever on PUT',
    mode: () => modes.throttleMethod('PUT'),
    seed: 108,
    exit: [1],
    stdout: [/result: incomplete/],
    notStdout: NOT_CONFORMS,
    report: notPassed(/^operation update/),
    knowsItsIds: true,
  },
  {
    name: '(i) 429 forever on DELETE (cleanup throttled)',
    mode: () => modes.throttleMethod('DELETE'),
    seed: 109,
    exit: [1],
    notStdout: NOT_CONFORMS,
    report: notPassed(/^operation delete/),
    knowsItsIds: true,
  },
  {
    name: '(a) 307 from PUT/DELETE of its own resource to a foreign one',
    mode: () => modes.redirectOwn(['PUT', 'DELETE']),
    seed: 101,
    exit: [1],
    // After the first refused delete of its own resource the run knows it cannot clean up: it stops creating.
    stdout: [/status_code_conformance/, /\b307\b/, /stopped creating: no more creates: DELETE .* answered 307/],
    knowsItsIds: true,
  },
  {
    name: '(b) 307 from GET of its own resource to a foreign one',
    mode: () => modes.redirectOwn(['GET']),
    seed: 102,
    exit: [1],
    stdout: [/status_code_conformance/, /\b307\b/],
    knowsItsIds: true,
  },
  {
    name: '(c) create answers name a foreign id',
    mode: () => modes.foreignIdOnCreate(),
    seed: 103,
    exit: [1],
    stdout: [/create answered with an id this run did not create/],
    knowsItsIds: false,
  },
  {
    name: '(d) every answer padded to 2 MB',
    mode: () => modes.padAnswers(2 * 1024 * 1024),
    seed: 104,
    exit: [1],
    stdout: [/response_size_within_limit/],
    knowsItsIds: false,
  },
  {
    name: '(e) one 500 MB answer',
    mode: () => modes.oneHugeRead(500 * 1024 * 1024),
    seed: 105,
    exit: [1],
    stdout: [/response_size_within_limit/],
    knowsItsIds: true,
  },
  {
    name: '(f) one endless chunked answer',
    mode: () => modes.oneHugeRead(undefined),
    seed: 106,
    exit: [1],
    stdout: [/response_size_within_limit/],
    knowsItsIds: true,
  },
  {
    name: '(j) answers echo the request headers (Authorization included)',
    mode: () => modes.echoCredentials(10),
    seed: 110,
    exit: [1],
    knowsItsIds: true,
  },
  {
    name: '(k) every second JSON answer malformed (after the first 10)',
    mode: () => modes.malformedJson(2, 10),
    seed: 111,
    exit: [1],
    stdout: [/response_schema_conformance/],
    knowsItsIds: false,
  },
  {
    // A 200 that does not parse is the target's fault, not a flag the target refused: exit 1, not 2.
    name: '(k) every JSON answer malformed (the preflight too)',
    mode: () => modes.malformedJson(1, 0),
    seed: 115,
    exit: [1],
    knowsItsIds: false,
  },
  {
    name: '(l) HTML error pages from a gateway (502, 503, 504, 404)',
    mode: () => modes.htmlGateway(3, 10),
    seed: 112,
    exit: [1],
    // Which request gets which page depends on arrival order, which concurrent properties make
    // timing-dependent: a 404 page may land on a setup request or a property that already failed,
    // whose answers no counterexample shows. The 5xx pages come often enough to be reported in
    // every run; content_type_conformance on a non-JSON answer is tested in checks.test.ts.
    stdout: [/not_a_server_error/, /status_code_conformance/],
    knowsItsIds: false,
  },
  {
    name: '(m) wrong base path, HTML 404s',
    mode: () => modes.unknownPrefix('/api', 'html'),
    basePath: '/api',
    seed: 113,
    exit: [2],
    stderr: [/--base-url/],
    knowsItsIds: true,
  },
  {
    name: '(m) wrong base path, non-spec JSON 404s',
    mode: () => modes.unknownPrefix('/api', 'json'),
    basePath: '/api',
    seed: 114,
    exit: [2],
    stderr: [/--base-url/],
    knowsItsIds: true,
  },
  {
    // The control: the same assertions hold against an honest proxy, so a failure above is the target's doing.
    // Its budgets are wide: it must finish, and a loaded machine must not make it incomplete.
    name: '(0) an honest proxy (control)',
    mode: () => modes.honest(),
    seed: 100,
    maxDuration: 240,
    cleanupTimeout: 120,
    exit: [0],
    stdout: [/result: conforms/],
    knowsItsIds: true,
    cleansUp: true,
  },
];

const STACK_TRACE = [/unexpected error/i, /^\s+at .+:\d+:\d+\)?$/m, /FATAL ERROR/, /heap out of memory/i];

/** With HOSTILE_KEEP=<dir>, each case's outputs, report files and proxy log are kept there for a closer look. */
async function keep(name: string, run: CliRun, proxy: HostileProxy, problems: readonly string[]): Promise<void> {
  const root = process.env.HOSTILE_KEEP;
  if (root === undefined || root === '') return;
  const dir = join(root, name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, ''));
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'stdout.txt'), run.stdout);
  await writeFile(join(dir, 'stderr.txt'), run.stderr);
  for (const [file, bytes] of Object.entries(run.files)) await writeFile(join(dir, file), bytes);
  const log = proxy.log.map(({ headers: _headers, ...entry }) => JSON.stringify(entry)).join('\n');
  await writeFile(join(dir, 'proxy-log.jsonl'), `${log}\n`);
  await writeFile(join(dir, 'problems.txt'), `${problems.join('\n')}\n`);
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

const summary: string[] = [];

afterAll(() => {
  console.log(`hostile-target suite:\n${summary.sort().join('\n')}`);
});

describe.concurrent('hostile targets', () => {
  for (const c of cases) {
    const maxDuration = c.maxDuration ?? MAX_DURATION_S;
    const cleanupTimeout = c.cleanupTimeout ?? CLEANUP_TIMEOUT_S;
    const boundS = maxDuration + cleanupTimeout + STARTUP_S;
    it(
      c.name,
      async ({ expect }) => {
        const running = await startSandbox();
        const target = running.hospitality;
        const foreign = await createOperatorData(target);
        const proxy = await startProxy({ upstream: target.baseUrl, mode: c.mode(), foreign });
        let run: CliRun;
        try {
          run = await runVerify({
            target,
            baseUrl: `${proxy.url}${c.basePath ?? ''}`,
            args: [
              ...['--runs', '2', '--seed', String(c.seed), '--max-duration', String(maxDuration)],
              ...['--cleanup-timeout', String(cleanupTimeout)],
            ],
            deadlineMs: (boundS + OVERRUN_S) * 1000,
            rssCeilingKb: RSS_CEILING_MB * 1024,
          });
        } finally {
          await proxy.close();
        }
        const problems: string[] = [];
        try {
          problems.push(...proxy.errors.map((e) => `the proxy itself failed: ${e}`));
          for (const w of proxy.foreignWrites([target.organizationId, target.secondOrganizationId!]))
            problems.push(`request #${w.seq} ${w.method} ${w.path} names ${w.names}, which this run did not create`);
          problems.push(...(await operatorDamage(target, foreign)));

          const leftOnSandbox: string[] = [];
          const unnamed: string[] = [];
          for (const created of proxy.creates) {
            if (created.id === undefined || (await readResource(target, created.collection, created.id)).status !== 200)
              continue;
            leftOnSandbox.push(`${created.collection}/${created.id}`);
            // Reported by its id, or, for a create whose answer the run never got (stopped at its
            // time limit, or lost), by the name it sent: the ledger finds it by that name later.
            const reportedByName = created.name !== undefined && run.stdout.includes(`"${created.name}"`);
            if (!run.stdout.includes(created.id) && !reportedByName)
              unnamed.push(`${created.collection}/${created.id}`);
          }
          if (c.knowsItsIds) {
            if (unnamed.length > 0)
              problems.push(
                `${unnamed.length} of its ${leftOnSandbox.length} resource(s) left on the sandbox are not reported (e.g. ${unnamed.slice(0, 3).join(', ')})`,
              );
          }
          if (c.cleansUp === true && leftOnSandbox.length > 0)
            problems.push(`${leftOnSandbox.length} resource(s) the run created are left on the sandbox`);

          const output = `${run.stdout}\n${run.stderr}`;
          if (run.killed !== undefined) problems.push(`killed by the harness: ${run.killed}`);
          else if (run.code === null || ![0, 1, 2].includes(run.code))
            problems.push(`exit ${run.code ?? run.signal}, not 0, 1 or 2`);
          else if (c.exit !== undefined && !c.exit.includes(run.code))
            problems.push(`exit ${run.code}, expected ${c.exit.join(' or ')}`);
          for (const pattern of STACK_TRACE) {
            const match = pattern.exec(output);
            if (match !== null) problems.push(`crash output: ${match[0].trim()}`);
          }
          if (run.wallMs > boundS * 1000)
            problems.push(
              `wall time ${(run.wallMs / 1000).toFixed(1)} s exceeds --max-duration ${maxDuration} + --cleanup-timeout ${cleanupTimeout} + ${STARTUP_S} s`,
            );
          if (run.peakRssKb === undefined) problems.push('peak RSS unknown');
          else if (run.peakRssKb > PEAK_RSS_LIMIT_MB * 1024)
            problems.push(`peak RSS ${Math.round(run.peakRssKb / 1024)} MB exceeds ${PEAK_RSS_LIMIT_MB} MB`);

          const artefacts: Array<[string, Buffer]> = [
            ['stdout', Buffer.from(run.stdout)],
            ['stderr', Buffer.from(run.stderr)],
            ...Object.entries(run.files),
          ];
          for (const [label, secret] of [
            ['the token', target.token],
            ['the second token', target.secondToken!],
          ] as const) {
            const leaks = artefacts.filter(([, bytes]) => bytes.includes(secret)).map(([name]) => name);
            if (leaks.length > 0) problems.push(`${label} appears in ${leaks.join(', ')}`);
          }
          if (run.code === 0 || run.code === 1) {
            for (const file of ['report.json', 'report.xml'])
              if (run.files[file] === undefined) problems.push(`exit ${run.code} without the requested ${file}`);
          }
          const json = run.files['report.json'];
          if (json !== undefined && c.report !== undefined) {
            try {
              problems.push(...c.report(JSON.parse(json.toString()) as JsonReport));
            } catch (error) {
              problems.push(`report.json does not parse: ${(error as Error).message}`);
            }
          }
          for (const pattern of c.stdout ?? [])
            if (!pattern.test(run.stdout)) problems.push(`stdout does not match ${pattern}`);
          for (const pattern of c.notStdout ?? [])
            if (pattern.test(run.stdout)) problems.push(`stdout matches ${pattern}`);
          for (const pattern of c.stderr ?? [])
            if (!pattern.test(run.stderr)) problems.push(`stderr does not match ${pattern}`);

          const writes = proxy.writes();
          summary.push(
            `  ${c.name}: exit ${run.killed === undefined ? (run.code ?? run.signal) : 'killed'} in ${(run.wallMs / 1000).toFixed(1)} s, ` +
              `peak RSS ${run.peakRssKb === undefined ? '?' : Math.round(run.peakRssKb / 1024)} MB, ${proxy.log.length} requests, ` +
              `${writes.length} writes, ${proxy.creates.filter((x) => x.id).length} created, ${leftOnSandbox.length} left; ` +
              `${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`}`,
          );
          await keep(c.name, run, proxy, problems);
        } finally {
          await running.sandbox.close();
        }
        expect(
          problems,
          `${c.name}\n--- stdout (tail) ---\n${tail(run.stdout, 25)}\n--- stderr (tail) ---\n${tail(run.stderr, 10)}`,
        ).toEqual([]);
      },
      (boundS + OVERRUN_S + 60) * 1000,
    );
  }
});
