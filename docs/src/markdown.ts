import hljs from 'highlight.js';
import { Marked, type Tokens } from 'marked';
import { markedHighlight } from 'marked-highlight';

/** GitHub-style heading slug, so guide anchors look like the ones readers know. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]+>/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

/** `03-pagination.md` is the source of the page `pagination.html`: the number only orders the guides. */
export function guideSlug(fileName: string): string {
  return fileName.replace(/\.md$/, '').replace(/^\d+-/, '');
}

/** Guides link to each other as `03-pagination.md` (so they read well on GitHub); the site serves `pagination.html`. */
export function rewriteGuideHref(href: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return href;
  const match = /^((?:[^#?]*\/)?)([^/#?]+\.md)([#?].*)?$/.exec(href);
  if (!match) return href;
  return `${match[1]}${guideSlug(match[2]!)}.html${match[3] ?? ''}`;
}

/** The language of a fenced block is the first word of its info string (`ts run` is TypeScript). */
export function fenceLanguage(info: string | undefined): string {
  return (info ?? '').trim().split(/\s+/)[0] ?? '';
}

export function createMarkdown(): Marked {
  const marked = new Marked(
    markedHighlight({
      emptyLangClass: 'hljs',
      langPrefix: 'hljs language-',
      highlight(code, info) {
        const language = fenceLanguage(info);
        return hljs.getLanguage(language) ? hljs.highlight(code, { language }).value : hljs.highlightAuto(code).value;
      },
    }),
  );
  // Repeated headings (the same API under each release of the changes page) get GitHub's -1, -2 suffixes.
  const seen = new Map<string, number>();
  marked.use({
    gfm: true,
    hooks: {
      preprocess(markdown: string) {
        seen.clear();
        return markdown;
      },
    },
    renderer: {
      heading(this: { parser: { parseInline(tokens: Tokens.Heading['tokens']): string } }, token: Tokens.Heading) {
        const inner = this.parser.parseInline(token.tokens);
        const base = slugify(token.text);
        const count = seen.get(base) ?? 0;
        seen.set(base, count + 1);
        const id = count === 0 ? base : `${base}-${count}`;
        return `<h${token.depth} id="${id}"><a class="anchor" href="#${id}" aria-hidden="true">#</a>${inner}</h${token.depth}>\n`;
      },
    },
    walkTokens(token) {
      if (token.type === 'link') token.href = rewriteGuideHref(token.href);
    },
  });
  return marked;
}
