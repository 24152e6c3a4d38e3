#!/usr/bin/env node
// Stryker's "test" command (the command runner): one process per mutant. Stryker sets
// __STRYKER_ACTIVE_MUTANT__, which the instrumented sandbox (built once, every mutant switched in
// by that variable) reads; this starts that sandbox on 127.0.0.1 and runs `roomkit verify` against
// it, Room Retrieve first (short; with Basic, then with a token from its token endpoint), then
// hospitality with the second organization. Exit 1 = killed
// (verify reported a violation or could not complete, or the sandbox could not start), 0 =
// survived (both APIs conform). The dry run (no active mutant) must exit 0: the original sandbox
// conforms. Verify stops after the first property that reports a violation (the verdict is
// settled). One JSON line per run goes to $ROOMKIT_MUTATION_LOG when set (what killed the
// mutant, how many requests it took, whether its code ran at all), for the summary.
import { appendFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { manualClock, verify, type Target } from '@roomkit/contract';
import type * as SandboxModule from '@roomkit/sandbox';
import { MUTATION_OUTAGE, MUTATION_THROTTLE, VERIFY_SETTINGS } from './settings.js';

export interface MutantRunRecord {
  mutant: string | null;
  verdict: 'killed' | 'survived';
  /** Which API's verify told the mutant apart; `startup` when the sandbox did not start. */
  killedBy?: 'room-retrieve' | 'hospitality' | 'startup';
  /** Exceptions or rejections nobody handled while the mutant ran (they end no run: verify judges). */
  unhandled?: string[];
  /** Check or rule names of the violations (or `incomplete`). */
  findings?: string[];
  /** Requests of the verify runs up to the first property that failed, cleanup included. */
  requests: number;
  /** Answers the sandbox's own conformance check replaced with a 500. */
  conformanceProblems: number;
  /** Whether the mutant's code was executed at all (null in the dry run). */
  reached: boolean | null;
  /** Seconds of each API's verify run. */
  seconds: Record<string, number>;
  /** Store calls failed as an outage (MUTATION_OUTAGE). */
  outages?: number;
}

interface StrykerNamespace {
  hitCount?: number;
  hitLimit?: number;
}

// The instrumented code counts every pass through the active mutant in `hitCount` when a
// `hitLimit` is set (Stryker's guard against endless loops); an unreachable limit keeps the count
// without ever stopping the mutant.
const stryker: StrykerNamespace = ((globalThis as { __stryker__?: StrykerNamespace }).__stryker__ ??= {});
stryker.hitCount = 0;
stryker.hitLimit = Number.MAX_SAFE_INTEGER;

async function main(): Promise<number> {
  const mutant = process.env.__STRYKER_ACTIVE_MUTANT__ ?? null;
  const sandboxDir = resolve(process.env.ROOMKIT_MUTATION_SANDBOX ?? process.cwd());
  const record: MutantRunRecord = {
    mutant,
    verdict: 'survived',
    requests: 0,
    conformanceProblems: 0,
    reached: null,
    seconds: {},
  };
  const finish = (verdict: MutantRunRecord['verdict']): number => {
    record.verdict = verdict;
    if (mutant !== null) record.reached = (stryker.hitCount ?? 0) > 0;
    const log = process.env.ROOMKIT_MUTATION_LOG;
    if (log) appendFileSync(log, `${JSON.stringify(record)}\n`);
    process.stdout.write(`${JSON.stringify(record)}\n`);
    return verdict === 'killed' ? 1 : 0;
  };

  // An exception or rejection nobody handles (a mutant breaking a store callback, say) would end
  // this process, and with it the in-process verify: a "kill" verify never made. Recorded apart
  // (`unhandled`), the process goes on, and the verdict stays verify's: the request that met the
  // error is answered (the handler's own catch) or hangs until verify's timeout, which verify
  // reports, as it would against a vendor whose server failed that way.
  const unhandled = (error: unknown) => {
    const name = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    record.unhandled = [...(record.unhandled ?? []), name.slice(0, 200)];
  };
  process.on('uncaughtException', unhandled);
  process.on('unhandledRejection', unhandled);
  let module: typeof SandboxModule;
  try {
    module = (await import(pathToFileURL(join(sandboxDir, 'dist', 'index.js')).href)) as typeof SandboxModule;
  } catch (error) {
    record.killedBy = 'startup';
    record.findings = [error instanceof Error ? error.name : 'startup'];
    return finish('killed');
  }
  // Sandbox and verify on one clock that moves only when verify waits: whether a mutant is told
  // apart depends on what the sandbox answers, never on how fast a loaded machine runs.
  const clock = manualClock();
  /** Calls of the outage's store method during the run that has an outage (undefined: none now). */
  let outageCalls: number | undefined;
  const storeOutage = (method: string): boolean => {
    if (MUTATION_OUTAGE === undefined || outageCalls === undefined || method !== MUTATION_OUTAGE.method) return false;
    outageCalls += 1;
    const fail = outageCalls > MUTATION_OUTAGE.after && outageCalls % MUTATION_OUTAGE.every === 0;
    if (fail) record.outages = (record.outages ?? 0) + 1;
    return fail;
  };
  let sandbox: SandboxModule.Sandbox;
  try {
    sandbox = await module.createSandbox({
      database: ':memory:',
      host: '127.0.0.1',
      port: 0,
      clock: clock.now,
      // Throttled: the spec documents its throttling answers (the status, Retry-After, the request
      // id), and verify judges every one it meets; a sandbox that never throttles would leave that
      // handling unexercised. On the shared clock a wait costs no time, so a small bucket only adds
      // the retries.
      throttle: MUTATION_THROTTLE,
      storeOutage,
      log: () => {},
    });
  } catch (error) {
    // A mutant that keeps the sandbox from starting is told apart by every client: nothing answers.
    record.killedBy = 'startup';
    record.findings = [error instanceof Error ? error.name : 'startup'];
    return finish('killed');
  }
  try {
    const [first, second] = sandbox.organizations;
    const [app] = sandbox.seed.roomRetrieve.apps;
    const fixture = JSON.parse(readFileSync(module.defaultFixturePath, 'utf8')) as SandboxModule.Fixture;
    const targets: Target[] = [
      {
        api: 'room-retrieve',
        baseUrl: sandbox.url,
        appId: app!.appId,
        apiKey: module.roomRetrieveAuthorization(app!),
        hotels: fixture.hotels.map((h) => ({ hotelId: h.hotel_id, channelHotelId: h.channel_hotel_id })),
      },
      // Room Retrieve again with the token-based scheme (a Bearer token from the vendor's token
      // endpoint): the sandbox's Bearer handling is request handling too, and Basic never reaches it.
      ...(app!.tokenClient === undefined
        ? []
        : [
            {
              api: 'room-retrieve' as const,
              baseUrl: sandbox.url,
              appId: app!.appId,
              apiKey: '',
              tokenClient: {
                clientId: app!.tokenClient.clientId,
                clientSecret: Object.values(app!.tokenClient.secrets)[0]!,
              },
              hotels: fixture.hotels.map((h) => ({ hotelId: h.hotel_id, channelHotelId: h.channel_hotel_id })),
            },
          ]),
      {
        api: 'hospitality',
        baseUrl: sandbox.url,
        token: first!.tokens[0]!,
        organizationId: first!.id,
        secondToken: second!.tokens[0]!,
        secondOrganizationId: second!.id,
      },
    ];
    for (const target of targets) {
      const started = performance.now();
      // The verdict is settled by the first property that reports a violation (verify exits 1
      // whatever the rest find): stop there, as Ctrl-C does (cleanup still runs).
      const stop = new AbortController();
      // The token-based Room Retrieve run meets the outage (its Bearer check reads the store).
      const tokenBased = target.api === 'room-retrieve' && target.tokenClient !== undefined;
      outageCalls = tokenBased ? 0 : undefined;
      let report: Awaited<ReturnType<typeof verify>>;
      try {
        report = await verify({
          target,
          ...VERIFY_SETTINGS,
          clock,
          signal: stop.signal,
          onProgress: (line) => {
            if (/^(FAIL|ERR |INC )|violation\(s\)/.test(line)) stop.abort();
          },
        });
      } catch (error) {
        // Verify refuses to go on (the CLI's exit 2): the target refused the seed's valid
        // credentials, or could not be reached. The original never does: told apart.
        record.killedBy = target.api;
        record.findings = [error instanceof Error ? error.name : 'error'];
        return finish('killed');
      }
      outageCalls = undefined;
      const label = tokenBased ? 'room-retrieve-token' : target.api;
      record.seconds[label] = Math.round(performance.now() - started) / 1000;
      record.requests += report.requests + report.cleanup.requests;
      record.conformanceProblems = sandbox.conformanceProblems.length;
      if (report.result !== 'conforms' || sandbox.conformanceProblems.length > 0) {
        record.killedBy = target.api;
        const names = new Set<string>(report.violations.map((v) => v.name));
        if (report.result === 'incomplete') names.add('incomplete');
        if (sandbox.conformanceProblems.length > 0) names.add('sandbox-conformance');
        record.findings = [...names].sort();
        return finish('killed');
      }
    }
    return finish('survived');
  } finally {
    await sandbox.close();
  }
}

process.exitCode = await main();
