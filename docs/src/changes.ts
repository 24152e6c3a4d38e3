import type { ApiName, OpenApiDocument } from '@roomkit/openapi';
import type { ApiRelease, RecordedChange, ReleaseHistory } from '@roomkit/release';
import { escapeTagsOutsideCode } from './decisions.js';

export interface ChangesSource {
  api: ApiName;
  title: string;
  /** The current bundled spec. */
  current: OpenApiDocument;
  /** The released form's spec version. */
  releasedVersion: string;
  /** Classified changes of the current spec since its last release (the same diff as the gate's). */
  unreleased: RecordedChange[];
  /** Link to the API's reference page, relative to the guides folder. */
  referenceHref: string;
}

const LABEL: Record<RecordedChange['classification'], string> = {
  breaking: '**breaking**',
  unclassified: '**unclassified** (counts as breaking)',
  'non-breaking': 'non-breaking',
  docs: 'docs',
};

const cell = (text: string) => escapeTagsOutsideCode(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

const ORDER: RecordedChange['classification'][] = ['breaking', 'unclassified', 'non-breaking', 'docs'];

/** Breaking changes first; within a classification, in the diff's (document) order. */
function changeTable(changes: RecordedChange[]): string[] {
  const sorted = [...changes].sort((a, b) => ORDER.indexOf(a.classification) - ORDER.indexOf(b.classification));
  const rows = sorted.map((c) => {
    const where = `\`${c.pointer}\`${c.definedAt ? `<br>defined at \`${c.definedAt}\`` : ''}`;
    return `| ${LABEL[c.classification]} | ${cell(c.description)} | \`${c.kind}\` | ${where.replace(/\|/g, '\\|')} |`;
  });
  return ['| | Change | Kind | JSON pointer |', '| --- | --- | --- | --- |', ...rows, ''];
}

function counts(changes: RecordedChange[]): string {
  if (changes.length === 0) return 'no changes';
  const by = (c: RecordedChange['classification']) => changes.filter((x) => x.classification === c).length;
  return (['breaking', 'unclassified', 'non-breaking', 'docs'] as const)
    .filter((c) => by(c) > 0)
    .map((c) => `${by(c)} ${c}`)
    .join(', ');
}

function apiSection(release: ApiRelease, referenceHref: string | undefined): string[] {
  const title = referenceHref ? `[${release.title}](${referenceHref})` : release.title;
  const out = [
    `### ${release.title}: spec ${release.specVersion}`,
    '',
    `${title}, spec version **${release.specVersion}**, released with \`${release.client}\` **${release.clientVersion}**` +
      (release.baseline ? '.' : `: ${counts(release.changes)}.`),
    '',
  ];
  if (release.baseline) {
    out.push('First recorded release: the spec as it was published. Later releases list their changes here.', '');
  } else if (release.changes.length > 0) {
    out.push(...changeTable(release.changes));
  }
  return out;
}

/**
 * The "Changes" page: per release (newest first), the classified changes of each API as the
 * release step recorded them in specs/releases.json; above them, the changes not released yet,
 * classified by the same diff as `pnpm spec:breaking`.
 */
export function changesMarkdown(history: ReleaseHistory, sources: ChangesSource[]): string {
  const out: string[] = [
    '# Changes',
    '',
    'What changed in each API spec from one release to the next, and whether the change can break code',
    'written against the generated clients. Each change is named by its JSON pointer in the dereferenced spec (and, when it is written elsewhere, where it is defined).',
    '',
    '_Generated at build time from `specs/releases.json` (appended by each release) and, for unreleased',
    'changes, from the same diff that `pnpm spec:breaking` runs; edit neither this page nor the history._',
    '',
    '- **breaking**: a removed operation, parameter, field, enum value, response, server or security alternative; a new required',
    '  request field or parameter; a changed type; a narrowed bound of what a client sends. A breaking change ships only',
    '  with a new major version of the client generated from that spec.',
    '- non-breaking: additions, wider bounds, deprecations, bounds of what a client only reads.',
    '- docs: descriptions, summaries, examples, decision notes, the spec version.',
    '',
  ];
  const pending = sources.filter((s) => s.unreleased.length > 0);
  if (pending.length > 0) {
    out.push('## Unreleased', '', 'Changes to the specs since the last release; they ship with the next one.', '');
    for (const source of pending) {
      out.push(
        `### ${source.title}: spec ${source.current.info.version}`,
        '',
        `[${source.title}](${source.referenceHref}), spec version **${source.current.info.version}** (released: ${source.releasedVersion}): ${counts(source.unreleased)}.`,
        '',
        ...changeTable(source.unreleased),
      );
    }
  }
  for (const release of [...history.releases].reverse()) {
    const versions = Object.entries(release.packages)
      .map(([name, version]) => `\`${name}\` ${version}`)
      .join(', ');
    out.push(`## Release of ${release.date}`, '', `Packages: ${versions}.`, '');
    for (const api of release.apis) {
      out.push(...apiSection(api, sources.find((s) => s.api === api.api)?.referenceHref));
    }
  }
  return out.join('\n');
}
