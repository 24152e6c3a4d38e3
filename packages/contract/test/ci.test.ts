import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../src/cli.js';
import { baselineKey, type BaselineFile } from '../src/report/baseline.js';
import { harEntry, type HarEntry } from '../src/report/har.js';
import type { VerifyReport } from '../src/report/types.js';
import harSchema from './har-1.2.schema.json' with { type: 'json' };
import { hospitalityArgs, startSandbox, type RunningSandbox, runMain } from './support.js';

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => void;

const run = runMain;

const dir = mkdtempSync(join(tmpdir(), 'roomkit-ci-'));
const file = (name: string) => join(dir, name);
const readJson = <T>(name: string) => JSON.parse(readFileSync(file(name), 'utf8')) as T;

/** Two sandbox faults, each breaking one documented status of one operation, whatever the seed. */
const KNOWN = 'status-create-returns-200';
const NEW = 'status-delete-returns-200';
/** Only the room operations' own properties: the faults show there, and the runs stay short. */
const ROOMS = ['--operations', 'createRoom,deleteRoom', '--runs', '2', '--quiet'];

describe('--baseline: only violations not in the baseline fail the run', () => {
  const sandboxes: RunningSandbox[] = [];
  const start = async (faults: string[]) => {
    const s = await startSandbox({ faults });
    sandboxes.push(s);
    return s;
  };
  afterAll(async () => {
    await Promise.all(sandboxes.map((s) => s.sandbox.close()));
  });

  let first: VerifyReport;
  beforeAll(async () => {
    const s = await start([KNOWN]);
    const { code, err } = await run(hospitalityArgs(s, [...ROOMS, '--seed', '1', '--json', file('first.json')]));
    expect(code, err).toBe(EXIT.violations);
    first = readJson<VerifyReport>('first.json');
    const { code: written, out } = await run(['baseline', file('first.json'), '--output', file('baseline.json')]);
    expect(written).toBe(EXIT.conforms);
    expect(out).toMatch(/wrote .*baseline\.json: 1 known violation\(s\) of hospitality/);
  });

  it('the baseline holds a stable key: rule, operation, kind and spec location, no ids, names or seeds', () => {
    const baseline = readJson<BaselineFile>('baseline.json');
    expect(baseline.entries).toHaveLength(1);
    const [entry] = baseline.entries;
    expect(entry).toMatchObject({ kind: 'check', name: 'status_code_conformance', operationId: 'createRoom' });
    expect(entry!.key).toBe(baselineKey(first.violations[0]!));
    expect(entry!.key).not.toContain(first.runId);
    expect(entry!.key).not.toMatch(/amzn1|roomkit-/);
  });

  it('another seed and other generated names: the known violation stays known and the run passes', async () => {
    const s = await start([KNOWN]);
    const args = [...ROOMS, '--seed', '2', '--baseline', file('baseline.json'), '--json', file('again.json')];
    const { code, out, err } = await run(hospitalityArgs(s, [...args, '--junit', file('again.xml')]));
    expect(code, err).toBe(EXIT.conforms);
    const again = readJson<VerifyReport>('again.json');
    expect(again.runId).not.toBe(first.runId);
    // The same fault, found with other names and ids: only the stable key matches.
    expect(JSON.stringify(again.violations[0]!.exchange)).not.toBe(JSON.stringify(first.violations[0]!.exchange));
    expect(again.violations.map((v) => v.baseline)).toEqual(['known']);
    expect(again.result).toBe('violations'); // the report still shows it; only the gate is the baseline's
    expect(again.baseline).toMatchObject({ new: 0, known: 1, fixed: [] });
    expect(out).toMatch(/1\) \[known\] check status_code_conformance/);
    expect(out).toContain('gate: passes, every violation is in the baseline');
    const junit = readFileSync(file('again.xml'), 'utf8');
    expect(junit).toContain('(0 new, 1 known)');
    expect(junit).toMatch(/<property name="baseline" value="baseline .*: 0 new, 1 known, 0 fixed"\/>/);
  });

  it('a new fault is new and fails the run; the known one stays known', async () => {
    const s = await start([KNOWN, NEW]);
    const args = [...ROOMS, '--seed', '3', '--baseline', file('baseline.json'), '--json', file('new.json')];
    const { code, out } = await run(hospitalityArgs(s, [...args, '--html', file('new.html')]));
    expect(code).toBe(EXIT.violations);
    const report = readJson<VerifyReport>('new.json');
    const marks = Object.fromEntries(report.violations.map((v) => [`${v.name} ${v.operationId}`, v.baseline]));
    expect(marks).toEqual({
      'status_code_conformance createRoom': 'known',
      'status_code_conformance deleteRoom': 'new',
    });
    expect(out).toContain('gate: fails on 1 violation(s) not in the baseline');
    const html = readFileSync(file('new.html'), 'utf8');
    expect(html).toContain('<span class="baseline new">new</span>');
    expect(html).toContain('<span class="baseline known">known</span>');
  });

  it('a fault that is gone shows fixed, in every report', async () => {
    const s = await start([NEW]);
    const args = [...ROOMS, '--seed', '4', '--baseline', file('first.json'), '--json', file('fixed.json')];
    const { code, out } = await run(
      hospitalityArgs(s, [...args, '--junit', file('fixed.xml'), '--html', file('fixed.html')]),
    );
    expect(code).toBe(EXIT.violations); // the new deleteRoom fault
    const report = readJson<VerifyReport>('fixed.json');
    expect(report.baseline!.fixed.map((e) => `${e.name} ${e.operationId}`)).toEqual([
      'status_code_conformance createRoom',
    ]);
    expect(out).toMatch(/fixed: check status_code_conformance on createRoom/);
    expect(readFileSync(file('fixed.xml'), 'utf8')).toMatch(/<system-out>fixed since the baseline[^<]*createRoom/);
    expect(readFileSync(file('fixed.html'), 'utf8')).toMatch(
      /Fixed \(in the baseline, not seen in this run\)[\s\S]*createRoom/,
    );
  });

  it('a baseline entry whose operation this run left out is not called fixed', async () => {
    const s = await start([]);
    const args = ['--operations', 'deleteRoom', '--runs', '2', '--quiet', '--baseline', file('baseline.json')];
    const { code, out } = await run(hospitalityArgs(s, [...args, '--json', file('narrow.json')]));
    expect(code).toBe(EXIT.conforms);
    expect(readJson<VerifyReport>('narrow.json').baseline).toMatchObject({
      fixed: [],
      notChecked: [{ operationId: 'createRoom' }],
    });
    expect(out).toMatch(
      /not checked \(left out, or the run did not finish\): check status_code_conformance on createRoom/,
    );
  });

  it('roomkit diff prints what appeared, disappeared and stayed, exit 1 when something appeared', async () => {
    const appeared = await run(['diff', file('first.json'), file('new.json')]);
    expect(appeared.code).toBe(EXIT.violations);
    expect(appeared.out).toMatch(/new \(1\):\n {2}check status_code_conformance on deleteRoom/);
    expect(appeared.out).toMatch(/still there \(1\):\n {2}check status_code_conformance on createRoom/);
    const fixed = await run(['diff', file('new.json'), file('fixed.json')]);
    expect(fixed.code).toBe(EXIT.conforms);
    expect(fixed.out).toMatch(/fixed \(1\):\n {2}check status_code_conformance on createRoom/);
    expect(fixed.out).toContain('0 new, 1 fixed, 1 still there');
  });

  it('a file that is neither a baseline nor a report, or of another API, is a usage error before the run', async () => {
    const s = sandboxes[0]!;
    const notOne = await run(hospitalityArgs(s, ['--baseline', file('again.xml')]));
    expect(notOne.code).toBe(EXIT.usage);
    expect(notOne.err).toMatch(/--baseline .*again\.xml: cannot read it as JSON/);
    const other = await run([
      'verify',
      'room-retrieve',
      '--base-url',
      s.sandbox.url,
      '--app-id',
      s.roomRetrieve.appId,
      '--api-key',
      s.roomRetrieve.apiKey,
      '--hotel',
      `${s.roomRetrieve.hotels[0]!.hotelId}:${s.roomRetrieve.hotels[0]!.channelHotelId}`,
      '--baseline',
      file('baseline.json'),
    ]);
    expect(other.code).toBe(EXIT.usage);
    expect(other.err).toContain('is a baseline of hospitality, not of room-retrieve');
  });
});

describe('--operations, --exclude-operations, --exclude-checks', () => {
  let s: RunningSandbox;
  beforeAll(async () => {
    s = await startSandbox({ faults: [KNOWN] });
  });
  afterAll(async () => {
    await s.sandbox.close();
  });

  it.each([
    [
      ['--operations', 'createRom'],
      /--operations: unknown operation or tag "createRom" in the hospitality spec; give operation ids \(listProperties, .*createRoom.*\) or tags \(.*Rooms.*\)/,
    ],
    [['--exclude-operations', 'Nope'], /--exclude-operations: unknown operation or tag "Nope"/],
    [
      ['--exclude-checks', 'no_such_check'],
      /--exclude-checks: unknown name\(s\) no_such_check; .*list-checks hospitality.*status_code_conformance/,
    ],
    [
      ['--operations', 'Rooms', '--exclude-operations', 'Rooms'],
      /leave no operation of the hospitality spec to verify/,
    ],
  ])('%j is a usage error naming the input and the valid names', async (flags, message) => {
    const { code, err } = await run(hospitalityArgs(s, flags));
    expect(code).toBe(EXIT.usage);
    expect(err).toMatch(message);
  });

  it('a property that judges a left-out operation is reported as not run, and why; findings there are not reported', async () => {
    const creates = 'createProperty,createRoomType,createRoom';
    const args = ['--exclude-operations', creates, '--runs', '1', '--quiet', '--json', file('excluded.json')];
    const { code, err } = await run(
      hospitalityArgs(s, [...args, '--checks', 'operation getRoom,operation createRoom,pagination']),
    );
    expect(code, err).toBe(EXIT.conforms);
    const report = readJson<VerifyReport>('excluded.json');
    const status = Object.fromEntries(report.properties.map((p) => [p.name, `${p.status}: ${p.reason ?? ''}`]));
    expect(status['operation createRoom']).toBe('skipped: judges createRoom, left out by --exclude-operations');
    expect(status['pagination']).toMatch(
      /^skipped: judges (createProperty|createRoomType|createRoom)\b.*, left out by --exclude-operations$/,
    );
    expect(status['operation getRoom']).toMatch(/^passed/);
    // getRoom's setup creates a room through the faulty creates: not this run's to judge.
    expect(report.violations).toEqual([]);
    expect(report.selection?.excludedOperations).toEqual(creates.split(','));
  });

  it('--exclude-checks leaves out a check (and a property) consistently with list-checks', async () => {
    const args = ['--operations', 'Rooms', '--runs', '1', '--quiet', '--json', file('no-status.json')];
    const { code, out } = await run(
      hospitalityArgs(s, [...args, '--exclude-checks', 'status_code_conformance,operation listRooms']),
    );
    const report = readJson<VerifyReport>('no-status.json');
    expect(report.violations.map((v) => v.name)).not.toContain('status_code_conformance');
    expect(report.properties.find((p) => p.name === 'operation listRooms')).toMatchObject({
      status: 'skipped',
      reason: 'left out by --exclude-checks',
    });
    expect(report.selection?.excludedChecks).toEqual(['status_code_conformance', 'operation listRooms']);
    // The properties over many operations cover those left in, rather than not running.
    for (const name of ['bounds', 'credentials-variants'])
      expect(report.properties.find((p) => p.name === name)?.status, name).not.toBe('skipped');
    expect(report.selection?.checks).not.toContain('status_code_conformance');
    expect(code, out).toBe(report.conforms ? EXIT.conforms : EXIT.violations);
    const listed = (await run(['list-checks', 'hospitality'])).out;
    for (const name of report.selection!.excludedChecks!) expect(listed).toContain(name);
  });
});

describe('--har: the exchanges as HAR 1.2', () => {
  let s: RunningSandbox;
  beforeAll(async () => {
    s = await startSandbox({ faults: [KNOWN] });
  });
  afterAll(async () => {
    await s.sandbox.close();
  });

  it('validates against the HAR 1.2 schema, has what devtools reads, is redacted and caps bodies', async () => {
    const har = file('run.har');
    const args = ['--operations', 'Rooms', '--runs', '2', '--quiet', '--json', file('har.json')];
    const { err } = await run(hospitalityArgs(s, [...args, '--har', har]));
    const report = readJson<VerifyReport>('har.json');
    const text = readFileSync(har, 'utf8');
    const log = (JSON.parse(text) as { log: Record<string, unknown> & { entries: HarEntry[] } }).log;
    expect(err).toContain(`wrote ${har} (${log.entries.length} exchanges, HAR 1.2)`);

    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(harSchema);
    expect(validate({ log }), ajv.errorsText(validate.errors)).toBe(true);

    // Every request of the run is there, cleanup's included. Requests run concurrently and are
    // written as they complete; a viewer orders them by startedDateTime, which each one carries.
    expect(log.entries.length).toBe(report.requests + report.cleanup.requests);
    // What Chromium's devtools HAR importer reads (front_end/models/har/HARFormat.ts): objects where it
    // builds its classes, arrays where it maps, strings and numbers where it parses them.
    expect(log['version']).toBe('1.2');
    expect(log['creator']).toEqual({ name: 'roomkit verify', version: expect.any(String) });
    for (const e of log.entries) {
      expect(Number.isNaN(new Date(e.startedDateTime).getTime())).toBe(false);
      expect(typeof e.time).toBe('number');
      for (const part of [e.request, e.response]) {
        expect(part.httpVersion).toBe('HTTP/1.1');
        expect(Array.isArray(part.headers) && Array.isArray(part.cookies)).toBe(true);
      }
      expect(typeof e.request.url === 'string' && typeof e.request.method === 'string').toBe(true);
      expect(typeof e.response.content.mimeType).toBe('string');
      for (const t of ['send', 'wait', 'receive'] as const) expect(typeof e.timings[t]).toBe('number');
    }
    // Redacted like every other output: the token becomes a reference.
    expect(text).not.toContain(s.hospitality.token);
    const sent = log.entries.flatMap((e) => e.request.headers);
    const auth = sent.filter((h) => h.name === 'authorization').map((h) => h.value);
    expect(auth).toContain('Bearer ${ROOMKIT_TOKEN}');
    // The fault's answer is there, as sent.
    expect(log.entries.some((e) => e._operationId === 'createRoom' && e.response.status === 200)).toBe(true);
  });

  it('caps request and response bodies at --max-body, and says so in the entry', () => {
    const long = 'x'.repeat(300);
    const entry = harEntry(
      {
        seq: 1,
        operationId: 'createRoom',
        request: {
          method: 'POST',
          url: 'http://127.0.0.1:1/rooms?a=1',
          headers: { 'content-type': 'application/json' },
          body: long,
        },
        response: {
          status: 201,
          headers: { 'content-type': 'application/json' },
          text: long.slice(0, 64),
          json: undefined,
          bytes: 64,
          truncatedAt: 64,
        },
        startedAt: Date.UTC(2026, 0, 1),
        durationMs: 12.5,
      },
      64,
    );
    expect(entry.request.postData).toEqual({
      mimeType: 'application/json',
      text: 'x'.repeat(64),
      comment: 'cut at 64 of 300 bytes (--max-body)',
    });
    expect(entry.request.bodySize).toBe(300);
    expect(entry.request.queryString).toEqual([{ name: 'a', value: '1' }]);
    expect(entry.response.content).toMatchObject({ size: 64, text: 'x'.repeat(64) });
    expect(entry.response.content.comment).toMatch(/longer than 64 bytes \(--max-body\)/);
    expect(entry.startedDateTime).toBe('2026-01-01T00:00:00.000Z');
    expect(entry.timings).toMatchObject({ send: 0, wait: 12.5, receive: 0 });
  });

  it('an unwritable --har path is a usage error before the run', async () => {
    // A folder that cannot be made: its parent is a file.
    const har = join(file('har.json'), 'run.har');
    const { code, err } = await run(hospitalityArgs(s, ['--har', har]));
    expect(code).toBe(EXIT.usage);
    expect(err).toContain(`--har ${har}: cannot write`);
  });
});
