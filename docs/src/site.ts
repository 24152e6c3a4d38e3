import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { apiNames, bundledSpecPath, loadSpec, type ApiName } from '@roomkit/openapi';
import { diffSpecs, readHistory, readReleasedSpec, repoRoot, toRecorded } from '@roomkit/release';
import { changesMarkdown } from './changes.js';
import { decisionsMarkdown } from './decisions.js';
import { guideFromMarkdown, loadGuides, type Guide } from './guides.js';
import { escapeHtml, renderPage, type NavLink } from './layout.js';
import { createMarkdown } from './markdown.js';
import { buildReference } from './reference.js';

export const docsDir = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface BuildOptions {
  outDir: string;
  guidesDir: string;
}

export interface ReferencePage {
  api: ApiName;
  title: string;
  summary: string;
  /** The spec's `info.version`. */
  version: string;
  /** Path of the page inside the site, e.g. `reference/hospitality.html`. */
  href: string;
  /** Path of the downloadable bundled spec inside the site. */
  specHref: string;
}

export interface BuiltSite {
  references: ReferencePage[];
  guides: Guide[];
}

export const DECISIONS_SLUG = 'spec-decisions';
export const CHANGES_SLUG = 'changes';

function referencePages(): ReferencePage[] {
  return apiNames.map((api) => {
    const doc = loadSpec(api);
    return {
      api,
      title: doc.info.title,
      summary: typeof doc.info.summary === 'string' ? doc.info.summary : '',
      version: doc.info.version,
      href: `reference/${api}.html`,
      specHref: `specs/${api}.json`,
    };
  });
}

function navigation(references: ReferencePage[], guides: Guide[]): NavLink[] {
  return [
    { href: 'index.html', label: 'Overview' },
    ...references.map((ref) => ({ href: ref.href, label: `${ref.title} — reference` })),
    ...guides.map((guide) => ({ href: `guides/${guide.slug}.html`, label: guide.title })),
  ];
}

function landingBody(references: ReferencePage[], guides: Guide[]): string {
  const refCards = references
    .map(
      (ref) => `<li><a href="${ref.href}">${escapeHtml(ref.title)}</a>
        <p>${escapeHtml(ref.summary)}</p>
        <p>Spec version ${escapeHtml(ref.version)} · <a href="guides/${CHANGES_SLUG}.html">changes</a></p>
        <p><a href="${ref.specHref}" download>Bundled OpenAPI document (JSON)</a></p></li>`,
    )
    .join('\n      ');
  const guideCards = guides
    .map((g) => `<li><a href="guides/${g.slug}.html">${escapeHtml(g.title)}</a><p>${escapeHtml(g.summary)}</p></li>`)
    .join('\n      ');
  return `      <h1>roomkit documentation</h1>
      <p>roomkit turns two hand-authored OpenAPI specs — Alexa Smart Properties' hospitality API and a
      channel manager's Room Retrieve API — into typed clients, a mock, a stateful sandbox, these docs and a
      contract suite (<code>roomkit verify</code>) that checks any implementation against the rules the vendors state.</p>
      <h2 id="references">API references</h2>
      <ul class="cards">
      ${refCards}
      </ul>
      <h2 id="guides">Guides</h2>
      <ul class="cards">
      ${guideCards}
      </ul>`;
}

/** Builds the whole static site: both Redocly references, the guides, and the landing page. */
export async function buildSite(options: BuildOptions): Promise<BuiltSite> {
  const { outDir } = options;
  await rm(outDir, { recursive: true, force: true });
  await mkdir(join(outDir, 'assets'), { recursive: true });
  await mkdir(join(outDir, 'specs'), { recursive: true });
  await mkdir(join(outDir, 'guides'), { recursive: true });

  const require = createRequire(import.meta.url);
  const highlightCss = join(dirname(require.resolve('highlight.js/package.json')), 'styles', 'github.css');
  await copyFile(highlightCss, join(outDir, 'assets', 'highlight.css'));
  for (const asset of ['site.css', 'redocly-logo-full.svg', 'redocly-logo-mini.svg']) {
    await copyFile(join(docsDir, 'assets', asset), join(outDir, 'assets', asset));
  }

  const references = referencePages();
  await Promise.all(
    references.map(async (ref) => {
      await copyFile(bundledSpecPath(ref.api), join(outDir, ref.specHref));
      await buildReference({
        specPath: bundledSpecPath(ref.api),
        outFile: join(outDir, ref.href),
        title: `${ref.title} — API reference`,
        description: ref.summary,
        homeHref: '../index.html',
        decisionsHref: `../guides/${DECISIONS_SLUG}.html`,
        changesHref: `../guides/${CHANGES_SLUG}.html`,
        specVersion: ref.version,
        assetsHref: '../assets',
        specHref: `../${ref.specHref}`,
      });
    }),
  );

  const decisions = guideFromMarkdown(
    DECISIONS_SLUG,
    decisionsMarkdown(
      references.map((ref) => ({
        api: ref.api,
        title: ref.title,
        doc: loadSpec(ref.api),
        referenceHref: `../${ref.href}`,
      })),
    ),
  );
  const changes = guideFromMarkdown(
    CHANGES_SLUG,
    changesMarkdown(
      await readHistory(repoRoot),
      await Promise.all(
        references.map(async (ref) => {
          const released = await readReleasedSpec(repoRoot, ref.api);
          return {
            api: ref.api,
            title: ref.title,
            current: loadSpec(ref.api),
            releasedVersion: released.info.version,
            unreleased: diffSpecs(released, loadSpec(ref.api)).map(toRecorded),
            referenceHref: `../${ref.href}`,
          };
        }),
      ),
    ),
  );
  const guides = [...(await loadGuides(options.guidesDir)), decisions, changes];
  const nav = navigation(references, guides);
  const markdown = createMarkdown();
  for (const guide of guides) {
    const body = await markdown.parse(guide.markdown);
    const html = renderPage({
      title: `${guide.title} — roomkit docs`,
      root: '../',
      path: `guides/${guide.slug}.html`,
      body,
      nav,
      description: guide.summary,
    });
    await writeFile(join(outDir, 'guides', `${guide.slug}.html`), html);
  }
  await writeFile(
    join(outDir, 'index.html'),
    renderPage({
      title: 'roomkit documentation',
      root: '',
      path: 'index.html',
      body: landingBody(references, guides),
      nav,
      description: 'API references and guides for the roomkit clients, mock, sandbox and contract suite.',
    }),
  );
  return { references, guides };
}
