import { Marked, type Tokens } from 'marked';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const safeUrl = (href: string) => /^(https?:|mailto:|\/|#)/i.test(href.trim());

/**
 * Lesson bodies are instructor-written Markdown. Raw HTML is shown as text, never interpreted,
 * and links or images may only point at http(s), mailto or this site — so no script, handler
 * attribute or javascript: URL can reach a learner's page.
 */
const marked = new Marked({
  gfm: true,
  renderer: {
    html: (token: Tokens.HTML | Tokens.Tag) => escapeHtml(token.text),
    link(token: Tokens.Link) {
      const text = this.parser.parseInline(token.tokens);
      if (!safeUrl(token.href)) return text;
      const rel = /^https?:/i.test(token.href) ? ' rel="noopener noreferrer nofollow"' : '';
      return `<a href="${escapeHtml(token.href)}"${rel}>${text}</a>`;
    },
    image(token: Tokens.Image) {
      if (!safeUrl(token.href)) return escapeHtml(token.text);
      return `<img src="${escapeHtml(token.href)}" alt="${escapeHtml(token.text)}" loading="lazy">`;
    },
  },
});

export function renderMarkdown(source: string): string {
  return marked.parse(source, { async: false });
}
