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
    // The page's own <h1> is the lesson title, so the body's headings start one level below it.
    heading(token: Tokens.Heading) {
      const level = Math.min(token.depth + 1, 6);
      return `<h${level}>${this.parser.parseInline(token.tokens)}</h${level}>\n`;
    },
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

/**
 * A lesson body as HTML under the page's title. Instructors open the body with the lesson's title
 * as a `#` heading (often worded a little differently); the page already shows the title, so an
 * opening level-1 heading is left out rather than shown as a second title.
 */
export function renderLessonBody(source: string): string {
  const tokens = marked.lexer(source);
  const opening = tokens.findIndex((token) => token.type !== 'space');
  const first = tokens[opening];
  if (first?.type === 'heading' && (first as Tokens.Heading).depth === 1) tokens.splice(opening, 1);
  return marked.parser(tokens);
}
