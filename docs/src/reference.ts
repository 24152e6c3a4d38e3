import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const templatePath = join(here, '..', 'templates', 'reference.hbs');

function redoclyBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
}

export interface ReferenceBuild {
  specPath: string;
  outFile: string;
  title: string;
  description: string;
  /** Link from the reference's top bar back to the landing page, relative to outFile. */
  homeHref: string;
  /** The spec decisions guide, relative to outFile. */
  decisionsHref: string;
  /** The changes page, relative to outFile. */
  changesHref: string;
  /** The spec's `info.version`, stated in the top bar. */
  specVersion: string;
  /** Folder holding the site's assets, relative to outFile. */
  assetsHref: string;
  /** The bundled spec as served by the site, relative to outFile: Redoc's download button. */
  specHref: string;
}

/**
 * Redoc 3 loads its "API docs by Redocly" logo from Redocly's CDN at run time, whatever the
 * options; the site must not fetch anything from the internet, so the page points at a local copy.
 */
export function localizeRedoclyLogos(html: string, assetsHref: string): string {
  return html
    .replaceAll('https://cdn.redoc.ly/redoc/logo-mini-full.svg', `${assetsHref}/redocly-logo-full.svg`)
    .replaceAll('https://cdn.redoc.ly/redoc/logo-mini.svg', `${assetsHref}/redocly-logo-mini.svg`);
}

/**
 * build-docs prerenders React Router links for history routing (`href="/rooms"`), but the page
 * hydrates with hash routing and React keeps the prerendered attributes: the sidebar's links
 * work when clicked, yet "open in new tab" or a copied link lands on `/rooms` of the server,
 * which does not exist. Router links carry `data-discover`, so only they are rewritten to `#/rooms`.
 */
export function hashRouterLinks(html: string): string {
  return html.replace(/href="\/([^"]*)"(\s+data-discover="true")/g, 'href="#/$1"$2');
}

/**
 * Redoc options. Of the `x-roomkit-*` extensions only `x-roomkit-rule` (the prose rule an
 * operation enforces) is shown; the machine-readable ones (pagination, resources) would render
 * as raw JSON. Redoc shows no response-level extensions, so `x-roomkit-added` responses carry
 * their roomkit decision note in the description instead (the browser test checks it shows).
 */
export const redocOptions = {
  showExtensions: ['x-roomkit-rule'],
  expandResponses: 'all',
  jsonSamplesExpandLevel: 3,
} as const;

/**
 * Runs `redocly build-docs` with the Redoc bundle inlined, so the page fetches nothing from
 * the internet. Telemetry is off both for the CLI and (through disableTelemetry) for the page.
 */
export async function buildReference(build: ReferenceBuild): Promise<void> {
  await mkdir(dirname(build.outFile), { recursive: true });
  const args = [
    redoclyBin(),
    'build-docs',
    build.specPath,
    '--output',
    build.outFile,
    '--title',
    build.title,
    '--template',
    templatePath,
    '--inlineBundle',
    '--templateOptions.homeHref',
    build.homeHref,
    '--templateOptions.decisionsHref',
    build.decisionsHref,
    '--templateOptions.changesHref',
    build.changesHref,
    '--templateOptions.specVersion',
    build.specVersion,
    '--templateOptions.description',
    build.description,
    '--openapi',
    JSON.stringify({ ...redocOptions, downloadUrls: [{ title: 'OpenAPI document (JSON)', url: build.specHref }] }),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    throw new Error(`redocly build-docs failed for ${build.specPath} (exit ${code}):\n${output.trim()}`);
  }
  const html = await readFile(build.outFile, 'utf8');
  await writeFile(build.outFile, hashRouterLinks(localizeRedoclyLogos(html, build.assetsHref)));
}
