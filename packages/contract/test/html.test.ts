import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Violation } from '../src/checks/types.js';
import { EXIT, main } from '../src/cli.js';
import type { Exchange } from '../src/http/exchange.js';
import { coverageOf } from '../src/conformance.js';
import { escapeHtml, formatHtml, html as tag } from '../src/report/html.js';
import type { VerifyReport } from '../src/report/types.js';
import { catalogue, verify } from '../src/verify.js';
import { SEED } from './faults.js';
import { hospitalityArgs, startSandbox } from './support.js';

/** Markup a target could try to smuggle in: every form here must come out as text. */
const HOSTILE = [
  '<script>alert("body")</script>',
  '<img src=x onerror="fetch(`http://127.0.0.2/steal`)">',
  '</pre></td></table><iframe src="http://127.0.0.2/"></iframe>',
  '"><link rel="stylesheet" href="http://127.0.0.2/x.css"><"',
  "' onmouseover='alert(1)",
  '<!-- --><style>@import url(http://127.0.0.2/y.css)</style>',
  '<a href="javascript:alert(1)">click</a>',
  '&lt;already-escaped&gt; & <b>bold</b>',
  'nul\u0000 bell\u0007 escape\u001b[31m',
].join('\n');

/** The tags and attributes the page is made of; nothing a report holds may add to them. */
const TAGS = new Set(
  'html head meta title style body main h1 h2 h3 h4 p nav a div strong em ul li code table thead tbody tr th td br span section dl dt dd pre details summary'.split(
    ' ',
  ),
);
const ATTRIBUTES = new Set(['lang', 'charset', 'http-equiv', 'content', 'name', 'class', 'id', 'href', 'title']);

/** Every tag of a page, with its attribute names (attribute values are quoted; what is inside them is not markup). */
function tagsOf(page: string): Array<{ tag: string; attributes: string[] }> {
  const out: Array<{ tag: string; attributes: string[] }> = [];
  const withoutStyle = page.replace(/<style>[^<]*<\/style>/, '<style></style>');
  for (const match of withoutStyle.matchAll(/<\/?([a-zA-Z][\w-]*)((?:\s+[\w-]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    const attributes = [...match[2]!.matchAll(/([\w-]+)(?:="[^"]*")?/g)].map((m) => m[1]!.toLowerCase());
    out.push({ tag: match[1]!.toLowerCase(), attributes });
  }
  return out;
}

/** The page with the source's line breaks and indentation folded, as a browser shows it outside <pre>. */
const squash = (page: string) => page.replace(/\s+/g, ' ').replace(/> </g, '><');
/** Asserts on a page without printing all of it when it fails. */
function expectIn(page: string, text: string): void {
  expect(page.includes(text), `the page should contain: ${text}`).toBe(true);
}
function expectNotIn(page: string, text: string): void {
  expect(page.includes(text), `the page should not contain: ${text}`).toBe(false);
}
const render = (r: VerifyReport, options?: Parameters<typeof formatHtml>[2]) =>
  squash(formatHtml(r, coverageOf(r), options));

function exchange(seq: number, body: string, responseText: string, status = 500): Exchange {
  return {
    seq,
    operationId: 'createRoom',
    request: {
      method: 'POST',
      url: 'http://127.0.0.1:1/enterprise/hospitality/v1/rooms?q=<x>',
      headers: { authorization: 'Bearer ${ROOMKIT_TOKEN}', 'x-evil': HOSTILE },
      body,
    },
    response: {
      status,
      headers: { 'content-type': 'text/html', 'x-echo': HOSTILE },
      text: responseText,
      json: undefined,
      bytes: responseText.length,
    },
    startedAt: 0,
    durationMs: 1.5,
    curl: `curl -i -X POST 'http://127.0.0.1:1/enterprise/hospitality/v1/rooms' --data-raw '${body}'`,
  };
}

function violation(overrides: Partial<Violation> = {}): Violation {
  return {
    name: 'not_a_server_error',
    kind: 'check',
    message: `POST answered 500: ${HOSTILE}`,
    location: '#/paths/~1rooms/post/responses',
    operationId: 'createRoom',
    property: 'operation createRoom',
    seed: 7,
    path: '0',
    counterexample: `{"name":${JSON.stringify(HOSTILE)}}`,
    exchange: exchange(2, JSON.stringify({ name: HOSTILE }), `<!doctype html><html><body>${HOSTILE}</body></html>`),
    context: [exchange(1, '{}', HOSTILE, 201)],
    reproduction: {
      steps: [
        {
          note: HOSTILE,
          method: 'POST',
          path: '/enterprise/hospitality/v1/rooms',
          headers: {},
          body: HOSTILE,
          answered: 500,
        },
      ],
      script: `#!/bin/sh\n# ${HOSTILE}\ncurl -sS -X POST "\${ROOMKIT_BASE_URL}/enterprise/hospitality/v1/rooms"\n`,
    },
    replay: { verify: `pnpm -s roomkit verify hospitality --seed 7 --checks not_a_server_error # ${HOSTILE}` },
    ...overrides,
  };
}

/** A hospitality report as verify writes it: every property passed unless overridden. */
function report(
  overrides: Partial<VerifyReport> = {},
  statuses: Record<string, Partial<VerifyReport['properties'][number]>> = {},
): VerifyReport {
  const properties = catalogue('hospitality').properties.map((p) => ({
    name: p.name,
    description: p.description,
    status: 'passed' as const,
    numRuns: 3,
    numShrinks: 0,
    durationMs: 10,
    requests: 5,
    ...statuses[p.name],
  }));
  return {
    api: 'hospitality',
    baseUrl: 'http://127.0.0.1:1',
    target: { args: ['--organization-id', 'amzn1.alexa.unit.did.ORG'] },
    kind: 'stateful',
    runId: 'abc123',
    seed: 7,
    runs: 3,
    startedAt: '2027-01-02T03:04:05.000Z',
    durationMs: 1234,
    requests: 99,
    requestsPerSecond: 80.2,
    throttledRetries: 0,
    truncatedBodies: 0,
    peakRssBytes: 150 * 1024 * 1024,
    limits: {
      maxRequests: 20000,
      maxDurationMs: 300000,
      cleanupMs: 60000,
      maxBodyBytes: 1048576,
      consistencyWaitMs: 2000,
    },
    properties,
    violations: [],
    cleanup: { deleted: 4, leftovers: [], kept: [], unaccounted: [], requests: 4, durationMs: 20 },
    result: 'conforms',
    conforms: true,
    ...overrides,
  };
}

describe('the HTML template escapes everything but its own markup', () => {
  it('escapes text and attribute values, and shows control characters as escapes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml('a\u0000b\u001bc\td\ne')).toBe('a\\u{0}b\\u{1b}c\td\ne');
    const name = '"><script>x</script>';
    expect(tag`<td title="${name}">${name}</td>`.text).toBe(
      '<td title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;">&quot;&gt;&lt;script&gt;x&lt;/script&gt;</td>',
    );
    expect(tag`<ul>${['<i>', tag`<li>${'<b>'}</li>`, undefined, false, 3]}</ul>`.text).toBe(
      '<ul>&lt;i&gt;<li>&lt;b&gt;</li>3</ul>',
    );
  });

  it('renders a report full of hostile text as text: no tag, attribute or URL of its own reaches the page', () => {
    const hostileName = `rule<img src=x onerror=alert(1)>`;
    const page = render(
      report({
        result: 'violations',
        conforms: false,
        baseUrl: `http://127.0.0.1:1/"><script>alert(1)</script>`,
        runId: '<b>run</b>',
        violations: [
          violation(),
          violation({
            name: hostileName,
            kind: 'rule',
            location: HOSTILE,
            operationId: HOSTILE,
            property: HOSTILE,
            alsoFoundBy: [HOSTILE],
          }),
        ],
        cleanup: {
          deleted: 0,
          leftovers: [{ collection: 'rooms', id: HOSTILE, name: HOSTILE, deleted: false, reason: HOSTILE }],
          kept: [],
          unaccounted: [{ collection: 'rooms', reason: HOSTILE }],
          requests: 1,
          durationMs: 1,
          stoppedEarly: HOSTILE,
        },
        stoppedEarly: HOSTILE,
      }),
      { reportFile: `r.json'; rm -rf / #` },
    );
    for (const { tag, attributes } of tagsOf(page)) {
      expect(TAGS, `<${tag}>`).toContain(tag);
      for (const attribute of attributes) expect(ATTRIBUTES, `<${tag} ${attribute}>`).toContain(attribute);
    }
    expect(/<(script|img|iframe|link|object|embed|svg|form|base)\b/i.exec(page)?.[0]).toBeUndefined();
    // Links only point inside the page.
    for (const match of page.matchAll(/href="([^"]*)"/g)) expect(match[1]).toMatch(/^#[\w-]+$/);
    // What the target sent is all there, as text.
    expectIn(page, '&lt;!doctype html&gt;&lt;html&gt;&lt;body&gt;&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;');
    expectIn(page, '&amp;lt;already-escaped&amp;gt;');
    expectIn(page, 'nul\\u{0} bell\\u{7} escape\\u{1b}[31m');
    expectIn(page, 'rule&lt;img src=x onerror=alert(1)&gt;');
    expectIn(page, `r.json&#39;; rm -rf / #`);
    // The page forbids loading anything, whatever got in.
    expectIn(page, `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'`);
  });
});

describe('the HTML report shows the verdict, operations × checks, rules and each violation', () => {
  it('conforms: the verdict says so and names what did not run', () => {
    const page = render(
      report({}, { tenancy: { status: 'skipped', reason: 'needs --second-token and --second-organization-id' } }),
    );
    expectIn(page, '<div class="verdict conforms"><strong>Conforms</strong>');
    expectIn(page, 'not run: tenancy (needs --second-token and --second-organization-id)');
    expectIn(page, '<p>None.</p>');
  });

  it('incomplete: the verdict says why', () => {
    const page = render(
      report(
        { result: 'incomplete', conforms: false, stoppedEarly: 'the request budget ran out (--max-requests 50)' },
        { pagination: { status: 'incomplete', reason: 'the request budget ran out (--max-requests 50)' } },
      ),
    );
    expectIn(page, '<div class="verdict incomplete"><strong>Incomplete</strong>');
    expectIn(page, '<li>the request budget ran out (--max-requests 50)</li>');
    expectIn(page, '<li>1 property did not finish: pagination</li>');
  });

  it('violations: each cell of operation × check and each rule has the status the report gives it', () => {
    const rule = violation({
      name: 'room-name-unique-per-property',
      kind: 'rule',
      property: 'uniqueness',
      alsoFoundBy: ['model-based'],
      location: '#/x-roomkit-rules/room-name-unique-per-property',
    });
    const r = report(
      { result: 'violations', conforms: false, violations: [violation(), rule] },
      {
        'operation createRoom': { status: 'failed' },
        'operation getRoom': { status: 'incomplete', reason: 'the time budget ran out (--max-duration)' },
        'operation deleteRoom': { status: 'skipped', reason: 'none of its checks selected (--checks)' },
        uniqueness: { status: 'failed' },
        tenancy: { status: 'skipped', reason: 'needs --second-token and --second-organization-id' },
      },
    );
    const coverage = coverageOf(r);
    const cell = (operationId: string, check: string) =>
      coverage.operations.find((o) => o.operationId === operationId)!.cells[check]!;
    expect(cell('createRoom', 'not_a_server_error')).toMatchObject({ status: 'failed', violations: [1] });
    // The failed property's other checks judged its cases up to the failing one.
    expect(cell('createRoom', 'status_code_conformance').status).toBe('passed');
    expect(cell('createRoom', 'use_after_free').status).toBe('not-applicable');
    expect(cell('createRoom', 'ensure_resource_availability').status).toBe('not-applicable');
    expect(cell('getRoom', 'response_schema_conformance').status).toBe('passed'); // read back after createRoom's creates
    expect(cell('getRoom', 'negative_data_rejection')).toMatchObject({ status: 'not-run' });
    expect(cell('getRoom', 'negative_data_rejection').why).toContain('did not finish: the time budget ran out');
    expect(cell('getRoom', 'use_after_free')).toMatchObject({ status: 'not-run' }); // judged after deleteRoom's deletes
    expect(cell('getRoom', 'ensure_resource_availability').status).toBe('passed');
    expect(cell('listRooms', 'ensure_resource_availability').status).toBe('not-applicable');
    for (const op of coverage.operations) expect(Object.keys(op.cells)).toEqual(coverage.checks.map((c) => c.name));

    const ruleRow = (name: string) => coverage.rules.find((x) => x.name === name)!;
    expect(ruleRow('room-name-unique-per-property')).toMatchObject({ status: 'failed', violations: [2] });
    expect(ruleRow('room-name-unique-per-property').reportedBy).toEqual(
      expect.arrayContaining([
        { name: 'uniqueness', status: 'failed' },
        { name: 'model-based', status: 'passed' },
      ]),
    );
    expect(ruleRow('tenancy-isolation')).toMatchObject({ status: 'not-run' });
    expect(ruleRow('tenancy-isolation').why).toContain('needs --second-token');
    expect(ruleRow('pagination-every-item-once').status).toBe('passed');
    expect(coverage.rules.map((x) => x.name)).toEqual(catalogue('hospitality').rules.map((x) => x.name));

    const page = render(r, { reportFile: 'reports/r.json' });
    expectIn(page, '<strong>2 violation(s)</strong> of 2 check(s) and rule(s)');
    expect(
      /<td class="failed" title="not_a_server_error on createRoom: ✘ failed — violation 1"\s*>\s*✘\s*<a href="#violation-1">1<\/a>\s*<\/td>/.test(
        page,
      ),
      'the failed cell links to its violation',
    ).toBe(true);
    expectIn(page, '<section class="violation" id="violation-1">');
    expectIn(page, '<section class="violation" id="violation-2">');
    // Each violation: rule or check, spec pointer, request and response, reproduction script, replay command.
    expectIn(page, '2) rule <code>room-name-unique-per-property</code> on <code>createRoom</code>');
    expectIn(page, '<code>#/x-roomkit-rules/room-name-unique-per-property</code>');
    expectIn(page, 'POST http://127.0.0.1:1/enterprise/hospitality/v1/rooms?q=&lt;x&gt;');
    expectIn(page, '<h4>Response</h4><pre>500 (1.5 ms)');
    expectIn(page, '#!/bin/sh');
    expectIn(page, 'pnpm -s roomkit replay reports/r.json --violation 2');
    expectIn(page, 'pnpm -s roomkit verify hospitality --seed 7 --checks not_a_server_error');
    expectIn(page, '1 earlier request(s) of the same case');
    // Run facts.
    for (const fact of [
      '<code>7</code>',
      '99 (80.2 requests per second)',
      '1.23 s',
      '150 MiB',
      '--max-requests 20000',
      'deleted 4 resource(s)',
    ])
      expectIn(page, fact);
  });

  it('a --checks selection makes the other checks and rules "not run"', () => {
    const coverage = coverageOf(report({ selection: { checks: ['status_code_conformance'] } }));
    const cells = coverage.operations.find((o) => o.operationId === 'listRooms')!.cells;
    expect(cells['status_code_conformance']!.status).toBe('passed');
    expect(cells['not_a_server_error']).toMatchObject({ status: 'not-run', why: 'not selected (--checks)' });
    expect(coverage.rules.every((r) => r.status === 'not-run')).toBe(true);
  });

  it('leftovers and kept resources come with the command that deletes them later', () => {
    const page = render(
      report({
        result: 'incomplete',
        conforms: false,
        cleanup: {
          deleted: 1,
          leftovers: [
            {
              collection: 'rooms',
              id: 'amzn1.room',
              name: 'roomkit-abc123-1-rooms',
              deleted: false,
              reason: 'answered 500',
            },
          ],
          kept: [],
          unaccounted: [],
          requests: 2,
          durationMs: 5,
        },
      }),
      { ledgerFile: 'reports/roomkit-ledger-abc123.json' },
    );
    expectIn(page, '<li>cleanup left 1 resource(s)</li>');
    expectIn(page, '<h4>Cleanup could not delete</h4>');
    expectIn(page, 'pnpm -s roomkit cleanup --ledger reports/roomkit-ledger-abc123.json --base-url http://127.0.0.1:1');
  });
});

describe('the HTML report of real fault runs', () => {
  for (const fault of ['names-unique-per-room-type-only', 'headers-no-request-id', 'rr-adults-exceed-guests']) {
    it(`${fault}: every violation has its section and its failed cell, and no violation sits in an n/a or passed cell`, async () => {
      const running = await startSandbox({ faults: [fault] });
      try {
        const target = fault.startsWith('rr-') ? running.roomRetrieve : running.hospitality;
        const r = await verify({ target, runs: 3, seed: SEED });
        expect(r.violations.length).toBeGreaterThan(0);
        const coverage = coverageOf(r);
        const page = render(r);
        r.violations.forEach((v, index) => {
          expectIn(page, `id="violation-${index + 1}"`);
          if (v.kind === 'check' && v.operationId !== undefined) {
            const cell = coverage.operations.find((o) => o.operationId === v.operationId)!.cells[v.name]!;
            expect(cell.status, `${v.name} on ${v.operationId}`).toBe('failed');
            expect(cell.violations).toContain(index + 1);
          } else {
            expect(coverage.rules.find((x) => x.name === v.name)?.status, v.name).toBe('failed');
          }
        });
        for (const op of coverage.operations)
          for (const cell of Object.values(op.cells)) if (cell.status !== 'failed') expect(cell.violations).toEqual([]);
        for (const { tag } of tagsOf(page)) expect(TAGS).toContain(tag);
      } finally {
        await running.sandbox.close();
      }
    }, 600_000);
  }
});

describe('roomkit report and --html', () => {
  it('verify --html writes the page; roomkit report renders the same run from its JSON report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roomkit-html-'));
    const running = await startSandbox({ faults: ['names-unique-per-room-type-only'] });
    try {
      const t = running.hospitality;
      let out = '';
      const io = { out: (s: string) => void (out += s), err: () => undefined };
      const code = await main(
        hospitalityArgs(running, [
          '--runs',
          '3',
          '--seed',
          String(SEED),
          '--quiet',
          '--json',
          join(dir, 'r.json'),
          '--html',
          join(dir, 'nested', 'r.html'),
        ]),
        io,
      );
      expect(code, out).toBe(EXIT.violations);
      const written = squash(readFileSync(join(dir, 'nested', 'r.html'), 'utf8'));
      expect(written).toMatch(/^<!doctype html>/);
      expect(readFileSync(join(dir, 'nested', 'r.html'), 'utf8')).toMatch(/^<!doctype html>\n/);
      expectIn(written, '<div class="verdict violations">');
      expectIn(written, `replay ${join(dir, 'r.json')} --violation 1`);
      expectNotIn(written, t.token);

      out = '';
      expect(await main(['report', join(dir, 'r.json'), '--html', join(dir, 'again.html')], io)).toBe(EXIT.conforms);
      expect(out).toContain(`wrote ${join(dir, 'again.html')} (hospitality against ${t.baseUrl}: violations)`);
      const again = squash(readFileSync(join(dir, 'again.html'), 'utf8'));
      // The same page, but for where the ledger would be (the JSON report stands for it).
      const sections = (page: string) => page.slice(page.indexOf('<main>'), page.indexOf('<h2 id="run">'));
      expect(sections(again)).toBe(sections(written));
    } finally {
      await running.sandbox.close();
    }
  }, 600_000);

  it('a file that is not a verify JSON report is a usage error naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roomkit-html-'));
    let err = '';
    const io = { out: () => undefined, err: (s: string) => void (err += s) };
    writeFileSync(join(dir, 'bad.json'), '{"api":"hospitality"');
    expect(await main(['report', join(dir, 'bad.json'), '--html', join(dir, 'x.html')], io)).toBe(EXIT.usage);
    expect(err).toContain(`${join(dir, 'bad.json')}: cannot read it as a JSON report`);
    writeFileSync(join(dir, 'cut.json'), JSON.stringify({ api: 'hospitality', baseUrl: 'http://x', violations: [] }));
    err = '';
    expect(await main(['report', join(dir, 'cut.json'), '--html', join(dir, 'x.html')], io)).toBe(EXIT.usage);
    expect(err).toContain('the report has no properties, result, limits, cleanup');
    err = '';
    expect(await main(['report', join(dir, 'cut.json')], io)).toBe(EXIT.usage);
    expect(err).toContain("required option '--html <file>' not specified");
  });
});
