import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { ensureChromium } from './chromium.js';

export interface Visit {
  page: Page;
  status: number | undefined;
  /** console.error messages and uncaught page errors. */
  errors: string[];
  /** Every request the page made to anything but the allowed origins. */
  external: string[];
  /** Every request the page made, allowed or not, in order. */
  requests: string[];
}

export interface DocsBrowser {
  visit(url: string): Promise<Visit>;
  close(): Promise<void>;
}

/** Switches recommended for headless Chromium in a container; no network chatter of its own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

/**
 * Debian's Chromium with a fresh profile. Every request that does not go under one of `origins`
 * (the local docs server, a folder's file: URL) is recorded and aborted, so an offline failure
 * shows up as a finding, not as a hang.
 */
export async function openBrowser(...origins: string[]): Promise<DocsBrowser> {
  const executablePath = ensureChromium();
  const userDataDir = mkdtempSync(join(tmpdir(), 'roomkit-docs-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1400, height: 900 },
  });
  const external = new Set<string>();
  const requests: string[] = [];
  const isLocal = (url: string) =>
    origins.some((origin) => url.startsWith(`${origin.replace(/\/+$/, '')}/`)) ||
    url.startsWith('data:') ||
    url.startsWith('blob:');
  context.on('request', (request) => {
    requests.push(request.url());
    if (!isLocal(request.url())) external.add(request.url());
  });
  await context.route('**/*', (route) =>
    isLocal(route.request().url()) ? route.continue() : route.abort('blockedbyclient'),
  );

  return {
    async visit(url) {
      external.clear();
      requests.length = 0;
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
      });
      page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
      const response = await page.goto(url, { waitUntil: 'networkidle' });
      // Redoc hydrates after load; give late requests and errors a moment to surface.
      await page.waitForTimeout(300);
      return { page, status: response?.status(), errors, external: [...external], requests: [...requests] };
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
