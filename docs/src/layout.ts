export interface NavLink {
  href: string;
  label: string;
}

export interface PageOptions {
  title: string;
  /** Prefix that leads from this page back to the site root ('' or '../'). */
  root: string;
  body: string;
  nav: NavLink[];
  /** This page's path inside the site, to mark it in the navigation. */
  path: string;
  description?: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** One shell for the landing page and every guide: local CSS only, nothing fetched from elsewhere. */
export function renderPage(page: PageOptions): string {
  const nav = page.nav
    .map((link) => {
      const current = link.href === page.path ? ' aria-current="page"' : '';
      return `<li><a href="${escapeHtml(page.root + link.href)}"${current}>${escapeHtml(link.label)}</a></li>`;
    })
    .join('\n        ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(page.title)}</title>
  ${page.description ? `<meta name="description" content="${escapeHtml(page.description)}">` : ''}
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="${page.root}assets/site.css">
  <link rel="stylesheet" href="${page.root}assets/highlight.css">
</head>
<body>
  <header class="site-header"><a href="${page.root}index.html">roomkit docs</a></header>
  <div class="site">
    <nav class="site-nav" aria-label="Guides and references">
      <ul>
        ${nav}
      </ul>
    </nav>
    <main class="content">
${page.body}
    </main>
  </div>
</body>
</html>
`;
}
