import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  apiNames,
  decisions,
  listOperations,
  loadSpec,
  tolerances,
  type ApiName,
  type OperationInfo,
} from '@roomkit/openapi';
import { Marked } from 'marked';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeTagsOutsideCode, inlineNotes } from '../src/decisions.js';
import { serveDocs, type DocsServer } from '../src/serve.js';
import { diffSpecs, readHistory, readReleasedSpec, repoRoot } from '@roomkit/release';
import { CHANGES_SLUG, DECISIONS_SLUG, docsDir } from '../src/site.js';
import { createSandbox, type Sandbox } from '@roomkit/sandbox';
import { openBrowser, type DocsBrowser } from './support/browser.js';
import { runNode } from './support/run-node.js';

const distDir = join(docsDir, 'dist');
const reportsDir = join(docsDir, 'reports');
const roomkitCli = join(docsDir, 'node_modules', '@roomkit', 'contract', 'dist', 'cli.js');

let server: DocsServer;
let browser: DocsBrowser;

async function htmlPages(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries
    .filter((entry) => entry.endsWith('.html'))
    .map((entry) => entry.split('\\').join('/'))
    .sort();
}

beforeAll(async () => {
  if (!existsSync(join(distDir, 'index.html'))) {
    throw new Error(`${distDir}/index.html is missing: run "pnpm --filter @roomkit/docs build" before the tests.`);
  }
  server = await serveDocs(distDir);
  await mkdir(reportsDir, { recursive: true });
  // The docs server, and the verify reports this test writes (opened as files, as from a CI artefact).
  browser = await openBrowser(server.url, pathToFileURL(reportsDir).href);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The "Operations" panel of each tag lists `METHOD /path` links to the operations. */
async function operationLinks(page: Page): Promise<Map<string, string>> {
  const links = await page.$$eval('a[href^="#/"]', (anchors) =>
    anchors.map((a) => ({
      href: a.getAttribute('href') ?? '',
      text: (a as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
    })),
  );
  const byLabel = new Map<string, string>();
  for (const link of links)
    if (/^(GET|PUT|POST|DELETE|PATCH|HEAD|OPTIONS) \//.test(link.text)) byLabel.set(link.text, link.href);
  return byLabel;
}

/**
 * Opens every nested schema of an operation's selected request/response: "+N more" reveals the
 * remaining properties, "Expand all" opens nested objects; repeated until nothing is folded.
 */
async function expandSchemas(page: Page, section: Locator, patience: number): Promise<void> {
  for (let round = 0; round < 8; round++) {
    const action = await section.evaluate((element) => {
      const buttons = [...element.querySelectorAll('button')].map((button) => ({
        button,
        name: (button.getAttribute('aria-label') ?? button.textContent ?? '').trim(),
      }));
      const more = buttons.filter((b) => /^\+\d+ more$/.test(b.name));
      if (more.length > 0) {
        for (const b of more) b.button.click();
        return 'more';
      }
      if (!buttons.some((b) => /^\+ ?Show \d+/.test(b.name))) return 'done';
      // "Collapse all" means an earlier expansion predates the folded objects: fold, then unfold.
      const toggle = buttons.find((b) => b.name === 'Expand all') ?? buttons.find((b) => b.name === 'Collapse all');
      if (!toggle) return 'done';
      toggle.button.click();
      return toggle.name;
    });
    if (action === 'done') break;
    await page.waitForTimeout(100 * patience);
  }
  // Deep schema levels render only once scrolled into view.
  await section.scrollIntoViewIfNeeded();
  const height = await section.evaluate((element) => element.getBoundingClientRect().height);
  for (let scrolled = 0; scrolled < height; scrolled += 600) {
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(40 * patience);
  }
}

const label = (op: OperationInfo) => `${op.method.toUpperCase()} ${op.path}`;

/**
 * The operation links once Redoc has rendered them all (or what is there after 60 s). Tag
 * sections further down render lazily, sooner or later depending on the machine's load, so
 * the page is scrolled down step by step until every operation of the spec is listed.
 */
async function settledOperationLinks(page: Page, operations: OperationInfo[]): Promise<Map<string, string>> {
  const deadline = Date.now() + 60_000;
  let links = await operationLinks(page);
  while (operations.some((op) => !links.has(label(op))) && Date.now() < deadline) {
    await page.mouse.wheel(0, 1500);
    await page.waitForTimeout(250);
    links = await operationLinks(page);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  return links;
}

/** Visible text with all whitespace removed, so that line wrapping and markup do not matter. */
const squash = (text: string) => text.replace(/[\s\u200b]+/g, '');

async function plainText(markdown: string): Promise<string> {
  const html = await new Marked().parse(markdown);
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describe('the built site in Chromium', () => {
  it('every page loads with 200, without console errors, and requests nothing outside 127.0.0.1', async () => {
    const pages = await htmlPages(distDir);
    expect(pages).toContain('index.html');
    expect(pages.filter((p) => p.startsWith('reference/'))).toHaveLength(apiNames.length);
    const findings: string[] = [];
    for (const path of pages) {
      const visit = await browser.visit(`${server.url}/${path}`);
      if (visit.status !== 200) findings.push(`${path}: HTTP ${visit.status}`);
      for (const error of visit.errors) findings.push(`${path}: ${error}`);
      for (const url of visit.external) findings.push(`${path}: requested ${url}`);
      await visit.page.close();
    }
    expect(findings, findings.join('\n')).toEqual([]);
  }, 900_000);

  it('every link on every page leads to a page that exists (a reference may link into itself)', async () => {
    const pages = await htmlPages(distDir);
    const broken: string[] = [];
    let checked = 0;
    for (const path of pages) {
      const visit = await browser.visit(`${server.url}/${path}`);
      const hrefs = await visit.page.$$eval('a[href]', (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
      await visit.page.close();
      for (const href of hrefs) {
        if (!href.startsWith(`${server.url}/`)) continue;
        const target = href.split('#')[0]!;
        checked += 1;
        if (target === `${server.url}/${path}`) continue;
        const response = await fetch(target);
        if (response.status !== 200) broken.push(`${path} -> ${href}: HTTP ${response.status}`);
      }
    }
    expect(checked).toBeGreaterThan(pages.length);
    expect(broken, broken.join('\n')).toEqual([]);
  }, 900_000);

  describe.each(apiNames.map((api) => [api] as [ApiName]))('the %s reference', (api) => {
    const operations = listOperations(loadSpec(api));

    it('renders every operation of the spec, and a screenshot goes to docs/reports', async () => {
      expect(operations.length).toBeGreaterThan(0);
      const visit = await browser.visit(`${server.url}/reference/${api}.html`);
      const { page } = visit;
      await mkdir(reportsDir, { recursive: true });
      // The search button says "Loading..." until Redoc has indexed the spec; the screenshot
      // should show the finished page, but a slow index is not what this test is about.
      await page
        .getByText('Loading...', { exact: true })
        .first()
        .waitFor({ state: 'detached', timeout: 60_000 })
        .catch(() => undefined);
      await page.screenshot({ path: join(reportsDir, `${api}-reference.png`) });

      const links = await settledOperationLinks(page, operations);
      expect([...links.keys()].sort()).toEqual(operations.map(label).sort());
      for (const op of operations) {
        const hash = links.get(label(op))!;
        await page.goto(`${server.url}/reference/${api}.html${hash}`, { waitUntil: 'networkidle' });
        const section = page.locator(`[id="${hash.slice(2)}"]`);
        await section.waitFor({ state: 'attached', timeout: 60_000 });
        await expect
          .poll(async () => section.locator('h2').first().innerText(), { timeout: 60_000 })
          .toBe(op.summary ?? op.operationId);
        // Every documented status code, roomkit's additions included, is offered as a tab.
        const statuses = async () =>
          [
            ...new Set(
              (await section.locator('button').allInnerTexts()).map((t) => t.trim()).filter((t) => /^\d{3}$/.test(t)),
            ),
          ].sort();
        await expect
          .poll(statuses, { timeout: 60_000, message: op.operationId })
          .toEqual(Object.keys(op.responses).sort());
      }
      const first = operations[0]!;
      await page.goto(`${server.url}/reference/${api}.html${links.get(label(first))}`, { waitUntil: 'networkidle' });
      await page.screenshot({ path: join(reportsDir, `${api}-${first.operationId}.png`) });
      expect(visit.errors).toEqual([]);
      await page.close();
    }, 600_000);

    /**
     * The text a reader can reach on the reference: the overview, each operation with its
     * security modal, and each response status with every nested schema opened. Rendering is
     * lazy and animated, so `patience` stretches every wait (a loaded machine needs more).
     */
    async function readableText(page: Page, patience: number): Promise<string> {
      await page.goto(`${server.url}/reference/${api}.html`, { waitUntil: 'networkidle' });
      let seen = squash(await page.innerText('body'));
      const links = await settledOperationLinks(page, operations);
      for (const op of operations) {
        const hash = links.get(label(op));
        if (!hash) continue; // the operation test reports it
        await page.goto(`${server.url}/reference/${api}.html${hash}`, { waitUntil: 'networkidle' });
        const section = page.locator(`[id="${hash.slice(2)}"]`);
        await section.waitFor({ state: 'attached' });
        const security = section.getByRole('button', { name: 'View security details' }).first();
        if ((await security.count()) > 0) {
          // The security schemes' descriptions live in a modal, one tab per alternative.
          await security.click();
          await page.getByText('Security', { exact: true }).last().waitFor();
          seen += squash(await page.innerText('body'));
          for (const alternative of await page.getByRole('tab', { name: / and / }).all()) {
            await alternative.click();
            await page.waitForTimeout(50 * patience);
            seen += squash(await page.innerText('body'));
          }
          await page.keyboard.press('Escape');
          await page.waitForTimeout(200 * patience);
        }
        // Responses are tabs (only the selected status is in the page) with nested schemas
        // collapsed: visit each status and expand everything before reading.
        for (const status of Object.keys(op.responses)) {
          const tab = section.getByRole('button', { name: status, exact: true }).first();
          if ((await tab.count()) === 0) continue;
          await tab.click();
          await expandSchemas(page, section, patience);
          seen += squash(await section.innerText());
        }
        seen += squash(await section.innerText());
      }
      return seen;
    }

    it('shows every roomkit decision note of the spec', async () => {
      const notes = inlineNotes(loadSpec(api)).filter((n) => !n.hiddenByRedoc);
      expect(notes.length).toBeGreaterThan(0);
      const { page } = await browser.visit(`${server.url}/reference/${api}.html`);
      const missingFrom = async (seen: string) => {
        const missing: string[] = [];
        for (const note of notes)
          if (!seen.includes(squash(await plainText(note.text)))) missing.push(`${note.where} (${note.pointer})`);
        return missing;
      };
      let missing = await missingFrom(await readableText(page, 1));
      // A second, slower pass tells a slow machine from a note that is really not shown.
      if (missing.length > 0) missing = await missingFrom(await readableText(page, 5));
      expect(missing, `decision notes not visible in the ${api} reference:\n${missing.join('\n')}`).toEqual([]);
      await page.close();
    }, 600_000);
  });

  it('lists every decision and tolerance of the specs on the spec decisions page, including the notes Redoc hides', async () => {
    const visit = await browser.visit(`${server.url}/guides/${DECISIONS_SLUG}.html`);
    const seen = squash(await visit.page.innerText('main'));
    await visit.page.close();
    const missing: string[] = [];
    for (const api of apiNames) {
      const doc = loadSpec(api);
      for (const decision of decisions(doc)) {
        for (const text of [decision.subject, decision.seed, decision.decision]) {
          if (!seen.includes(squash(await plainText(escapeTagsOutsideCode(text)))))
            missing.push(`${api} x-roomkit-decisions: ${text}`);
        }
      }
      for (const note of inlineNotes(doc)) {
        if (!seen.includes(squash(await plainText(note.text)))) missing.push(`${api} ${note.where}`);
      }
      for (const t of tolerances(doc)) {
        for (const text of [t.name, t.variation, t.allowedBy]) {
          if (!seen.includes(squash(await plainText(escapeTagsOutsideCode(text)))))
            missing.push(`${api} x-roomkit-tolerances.${t.name}: ${text}`);
        }
      }
    }
    expect(missing, missing.join('\n')).toEqual([]);
  }, 300_000);

  it('the changes page lists every recorded release, each API with its spec and client versions, and every change by its pointer', async () => {
    const history = await readHistory(repoRoot);
    expect(history.releases.length).toBeGreaterThan(0);
    const visit = await browser.visit(`${server.url}/guides/${CHANGES_SLUG}.html`);
    const seen = squash(await visit.page.innerText('main'));
    const nav = await visit.page.$$eval('nav a', (anchors) => anchors.map((a) => (a as HTMLElement).innerText.trim()));
    await visit.page.close();
    expect(visit.errors).toEqual([]);
    expect(nav).toContain('Changes');
    const expected: string[] = [];
    for (const release of history.releases) {
      expected.push(`Release of ${release.date}`);
      for (const api of release.apis) {
        expected.push(`${api.title}: spec ${api.specVersion}`, `released with ${api.client} ${api.clientVersion}`);
        for (const change of api.changes) expected.push(change.pointer);
      }
    }
    for (const api of apiNames) {
      const unreleased = diffSpecs(await readReleasedSpec(repoRoot, api), loadSpec(api));
      if (unreleased.length > 0) expected.push('Unreleased', ...unreleased.map((c) => c.pointer));
    }
    const missing = expected.filter((text) => !seen.includes(squash(text)));
    expect(missing, `not on the changes page:\n${missing.join('\n')}`).toEqual([]);
  }, 300_000);

  it('each reference states its spec version (info.version) in its top bar, next to a link to the changes page', async () => {
    for (const api of apiNames) {
      const visit = await browser.visit(`${server.url}/reference/${api}.html`);
      const bar = visit.page.getByRole('navigation', { name: 'roomkit docs' });
      await expect
        .poll(() => bar.locator('.roomkit-spec-version').innerText())
        .toBe(`spec version ${loadSpec(api).info.version}`);
      const href = await bar.getByRole('link', { name: 'Changes' }).evaluate((a) => (a as HTMLAnchorElement).href);
      expect(href).toBe(`${server.url}/guides/${CHANGES_SLUG}.html`);
      await visit.page.close();
    }
  }, 300_000);

  it('every link from the spec decisions page into a reference opens the operation it names', async () => {
    const visit = await browser.visit(`${server.url}/guides/${DECISIONS_SLUG}.html`);
    const hrefs = await visit.page.$$eval('a[href*="/reference/"]', (anchors) => [
      ...new Set(anchors.map((a) => (a as HTMLAnchorElement).href).filter((href) => href.includes('#/'))),
    ]);
    await visit.page.close();
    expect(hrefs.length).toBeGreaterThan(0);
    const page = (await browser.visit(`${server.url}/index.html`)).page;
    for (const href of hrefs) {
      await page.goto(href, { waitUntil: 'networkidle' });
      const id = decodeURIComponent(new URL(href).hash.slice(2));
      await expect.poll(() => page.locator(`[id="${id}"]`).count(), { timeout: 60_000, message: href }).toBe(1);
    }
    await page.close();
  }, 600_000);
});

/** Markup a target could answer with: in the report it must be text, never run or loaded. */
const HOSTILE_BODY =
  '<!doctype html><html><body><h1>502 Bad Gateway</h1><script>console.error("script ran")</script>' +
  '<img src="http://127.0.0.2/pixel.png"><link rel="stylesheet" href="http://127.0.0.2/x.css"></body></html>';

describe('the HTML report of roomkit verify, opened from its file in Chromium', () => {
  const FAULT = 'names-unique-per-room-type-only';
  let sandbox: Sandbox;
  const file = (name: string) => join(reportsDir, name);

  beforeAll(async () => {
    sandbox = await createSandbox({ port: 0, database: ':memory:', faults: [FAULT], log: () => {} });
    const [organization] = sandbox.organizations;
    const verified = await runNode(
      [
        roomkitCli,
        'verify',
        'hospitality',
        '--base-url',
        sandbox.url,
        '--organization-id',
        organization!.id,
        '--runs',
        '3',
        '--seed',
        '42',
        '--quiet',
        '--json',
        file('verify-report.json'),
        '--html',
        file('verify-report.html'),
      ],
      { env: { ROOMKIT_TOKEN: organization!.tokens[0]! } },
    );
    expect(verified.code, verified.output).toBe(1);
    // The same report with a gateway's HTML error page as the answer, rendered by `roomkit report`.
    const report = JSON.parse(await readFile(file('verify-report.json'), 'utf8')) as {
      violations: Array<{ exchange?: { response?: { text: string; headers: Record<string, string> } } }>;
    };
    const response = report.violations[0]!.exchange!.response!;
    response.text = HOSTILE_BODY;
    response.headers['content-type'] = 'text/html';
    response.headers['x-echo'] = '"><script>console.error("header script ran")</script>';
    await writeFile(file('verify-report-hostile.json'), JSON.stringify(report));
    const rendered = await runNode([
      roomkitCli,
      'report',
      file('verify-report-hostile.json'),
      '--html',
      file('verify-report-hostile.html'),
    ]);
    expect(rendered.code, rendered.output).toBe(0);
  }, 600_000);

  afterAll(async () => {
    await sandbox?.close();
  });

  it('shows the verdict, the tables and the violation without a console error, loading nothing but itself', async () => {
    const url = pathToFileURL(file('verify-report.html')).href;
    const visit = await browser.visit(url);
    const { page } = visit;
    expect(visit.errors).toEqual([]);
    expect(visit.external).toEqual([]);
    expect(visit.requests).toEqual([url]);
    const text = await page.innerText('main');
    for (const expected of [
      'violation(s)',
      'room-name-unique-per-property',
      'Operations × checks',
      'Rules',
      'Run facts',
      'requests per second',
      'peak RSS',
      '#!/bin/sh',
      `replay ${file('verify-report.json')} --violation 1`,
    ])
      expect(text).toContain(expected);
    expect(await page.locator('table.matrix tbody tr').count()).toBe(listOperations(loadSpec('hospitality')).length);
    await page.screenshot({ path: join(reportsDir, 'verify-report.png') });
    // A failed cell links to its violation.
    await page.locator('table.matrix a[href="#violation-1"]').first().click();
    expect(new URL(page.url()).hash).toBe('#violation-1');
    await expect.poll(() => page.locator('#violation-1').isVisible()).toBe(true);
    await page.screenshot({ path: join(reportsDir, 'verify-report-violation.png') });
    await page.close();
  }, 300_000);

  it("shows a target's HTML answer as text: nothing in it runs or loads", async () => {
    const url = pathToFileURL(file('verify-report-hostile.html')).href;
    const visit = await browser.visit(url);
    expect(visit.errors).toEqual([]);
    expect(visit.external).toEqual([]);
    expect(visit.requests).toEqual([url]);
    expect(await visit.page.locator('script, img, link, iframe').count()).toBe(0);
    const text = await visit.page.innerText('#violation-1');
    expect(text).toContain('<script>console.error("script ran")</script>');
    expect(text).toContain('<img src="http://127.0.0.2/pixel.png">');
    expect(text).toContain('x-echo: "><script>console.error("header script ran")</script>');
    await visit.page.close();
  }, 300_000);
});
