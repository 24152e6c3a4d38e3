import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isApiName, loadSpec, resolvePointer } from '@roomkit/openapi';
import { Marked, type Tokens } from 'marked';
import { guideSlug } from './markdown.js';

export interface Guide {
  slug: string;
  /** Source file, relative to the guides folder (absent for generated guides). */
  file?: string;
  title: string;
  summary: string;
  markdown: string;
}

/** Title from the first `# ` heading, summary from the first paragraph after it. */
export function guideFromMarkdown(slug: string, markdown: string, file?: string): Guide {
  const lines = markdown.split('\n');
  const titleLine = lines.findIndex((line) => line.startsWith('# '));
  if (titleLine === -1) throw new Error(`Guide ${file ?? slug} has no "# Title" line.`);
  // Titles end up in <title> and the navigation: plain text, so inline code loses its backticks.
  const title = lines[titleLine]!.slice(2).trim().replace(/`/g, '');
  const paragraph: string[] = [];
  for (const line of lines.slice(titleLine + 1)) {
    if (line.trim() === '') {
      if (paragraph.length > 0) break;
      continue;
    }
    if (/^(#|```|\||- |\* |>)/.test(line)) {
      if (paragraph.length > 0) break;
      continue;
    }
    paragraph.push(line.trim());
  }
  const summary = paragraph
    .join(' ')
    .replace(/[*_`]/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1');
  return { slug, ...(file ? { file } : {}), title, summary, markdown };
}

const SPEC_VALUE = /\{\{spec:([a-z-]+):(\/[^}]*)\}\}/g;

/**
 * Replaces `{{spec:<api>:<JSON pointer>}}` with the value the bundled spec holds there, so a
 * guide that quotes a limit (page size, name length, back-off) cannot drift from the spec.
 */
export function expandSpecValues(markdown: string, source: string): string {
  return markdown.replace(SPEC_VALUE, (_match, api: string, pointer: string) => {
    if (!isApiName(api))
      throw new Error(`${source}: {{spec:${api}:...}} names no API (expected hospitality or room-retrieve)`);
    let value: unknown;
    try {
      value = resolvePointer(loadSpec(api), `#${pointer}`);
    } catch {
      value = undefined;
    }
    if (value === undefined || (typeof value === 'object' && value !== null)) {
      throw new Error(
        `${source}: {{spec:${api}:${pointer}}} does not point at a single value in the bundled ${api} spec`,
      );
    }
    return String(value);
  });
}

/** The hand-written guides, ordered by their file name's number prefix, with spec values filled in. */
export async function loadGuides(dir: string): Promise<Guide[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort();
  return Promise.all(
    files.map(async (file) =>
      guideFromMarkdown(guideSlug(file), expandSpecValues(await readFile(join(dir, file), 'utf8'), file), file),
    ),
  );
}

export interface CodeSample {
  guide: string;
  /** 1-based line of the opening fence in the guide. */
  line: number;
  /** The fence's info string, e.g. `ts` or `ts run`. */
  info: string;
  code: string;
}

/** Fenced code blocks of a guide (found by marked's lexer), with the line they start on. */
export function codeSamples(guideFile: string, markdown: string): CodeSample[] {
  const lines = markdown.split('\n');
  const samples: CodeSample[] = [];
  let searchFrom = 0;
  // Blocks nested in lists reach us de-indented, so the opening fence is found line by line.
  const openingLine = (info: string, firstCodeLine: string): number => {
    for (let i = searchFrom; i < lines.length; i++) {
      const fence = /^\s*(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]!);
      if (fence && fence[2]!.trim() === info && (lines[i + 1] ?? '').trim() === firstCodeLine.trim()) return i;
    }
    return -1;
  };
  new Marked().walkTokens(new Marked().lexer(markdown), (token) => {
    if (token.type !== 'code' || (token as Tokens.Code).codeBlockStyle === 'indented') return;
    const code = token as Tokens.Code;
    const info = (code.lang ?? '').trim();
    const at = openingLine(info, code.text.split('\n')[0] ?? '');
    if (at !== -1) searchFrom = at + 1;
    samples.push({ guide: guideFile, line: at + 1, info, code: code.text + '\n' });
  });
  return samples;
}
