import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, type Sandbox } from '@roomkit/sandbox';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docsDir } from '../src/site.js';
import { CHROMIUM_ARGS } from './support/browser.js';
import { ensureChromium } from './support/chromium.js';
import { runNode } from './support/run-node.js';

const roomkitCli = join(docsDir, 'node_modules', '@roomkit', 'contract', 'dist', 'cli.js');

/** What devtools' importer made of one entry (the fields its Network panel shows). */
interface Imported {
  url: string;
  method: string;
  status: number;
  mimeType: string;
  requestHeaders: Array<{ name: string; value: string }>;
  startTime: number;
  endTime: number;
  finished: boolean;
}

/**
 * Imports a HAR text the way Chromium's Network panel does (*Import HAR file*): its own HAR model
 * (`HARRoot`, which refuses a log it cannot read) and importer, loaded from the devtools front end
 * that ships inside the browser. Returns the imported requests, or the importer's error.
 */
async function importInDevtools(page: Page, text: string): Promise<Imported[] | string> {
  // Sent as source text: the test's own module transform must not rewrite the page's import().
  // `./models/har/har.js` is a module of the devtools front end, resolved against devtools://devtools/bundled/.
  return page.evaluate(`(async (harText) => {
    const HAR = await import('./models/har/har.js');
    try {
      const root = new HAR.HARFormat.HARRoot(JSON.parse(harText));
      return HAR.Importer.Importer.requestsFromHARLog(root.log).map((r) => ({
        url: r.url(),
        method: r.requestMethod,
        status: r.statusCode,
        mimeType: r.mimeType,
        requestHeaders: r.requestHeaders(),
        startTime: r.startTime,
        endTime: r.endTime,
        finished: r.finished,
      }));
    } catch (error) {
      return String(error);
    }
  })(${JSON.stringify(text)})`);
}

let sandbox: Sandbox;
let dir: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  sandbox = await createSandbox({ port: 0, database: ':memory:' });
  dir = await mkdtemp(join(tmpdir(), 'roomkit-docs-har-'));
  browser = await chromium.launch({ executablePath: ensureChromium(), headless: true, args: CHROMIUM_ARGS });
  page = await browser.newPage();
  const devtools = await page.goto('devtools://devtools/bundled/devtools_app.html');
  expect(devtools?.ok(), 'Chromium serves its devtools front end').toBe(true);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the HAR file of the verify guide', () => {
  it("opens in Chromium's devtools: every exchange imported with its URL, method, status, headers and timing", async () => {
    const [organization, second] = sandbox.organizations;
    const har = join(dir, 'run.har');
    const json = join(dir, 'run.json');
    const { code, output } = await runNode(
      [
        roomkitCli,
        'verify',
        'hospitality',
        '--base-url',
        sandbox.url,
        '--organization-id',
        organization!.id,
        '--second-organization-id',
        second!.id,
        '--operations',
        'Rooms',
        '--runs',
        '2',
        '--quiet',
        '--json',
        json,
        '--har',
        har,
      ],
      { env: { ROOMKIT_TOKEN: organization!.tokens[0]!, ROOMKIT_SECOND_TOKEN: second!.tokens[0]! } },
    );
    expect(code, output).toBe(0);
    const text = await readFile(har, 'utf8');
    const entries = (
      JSON.parse(text) as {
        log: {
          entries: Array<{ request: { url: string; method: string }; response: { status: number } }>;
        };
      }
    ).log.entries;
    expect(entries.length).toBeGreaterThan(10);

    const imported = await importInDevtools(page, text);
    expect(typeof imported === 'string' ? imported : undefined).toBeUndefined();
    const requests = imported as Imported[];
    expect(requests).toHaveLength(entries.length);
    // The panel lists them by start time (the file holds them as they completed): the same
    // exchanges, whatever the order.
    const key = (method: string, url: string, status: number) => `${method} ${url} ${status}`;
    expect(requests.map((r) => key(r.method, r.url, r.status)).sort()).toEqual(
      entries.map((e) => key(e.request.method, e.request.url, e.response.status)).sort(),
    );
    for (const request of requests) {
      expect(request.finished).toBe(true);
      expect(request.endTime).toBeGreaterThanOrEqual(request.startTime);
    }
    // The redacted credential is what the panel shows; the token itself is nowhere.
    const auth = requests.flatMap((r) => r.requestHeaders).filter((h) => h.name.toLowerCase() === 'authorization');
    expect(auth.map((h) => h.value)).toContain('Bearer ${ROOMKIT_TOKEN}');
    expect(text).not.toContain(organization!.tokens[0]!);
    expect(requests.some((r) => r.method === 'POST' && r.status === 201 && r.mimeType === 'application/json')).toBe(
      true,
    );

    // The importer is strict: the same file with one entry's start time spoilt is refused.
    const spoilt = JSON.parse(text) as { log: { entries: Array<{ startedDateTime: string }> } };
    spoilt.log.entries[0]!.startedDateTime = 'yesterday';
    expect(await importInDevtools(page, JSON.stringify(spoilt))).toMatch(/Invalid date format/);
  }, 600_000);
});
