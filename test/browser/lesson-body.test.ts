/** The lesson body's Markdown as the lesson page renders it (no browser needed). */
import { describe, expect, test } from 'bun:test';
import { renderLessonBody } from '../../site/src/lib/markdown.ts';

describe('renderLessonBody', () => {
  test('leaves out the opening # heading: the page already shows the lesson title', () => {
    const html = renderLessonBody('# Why types pay off\n\nTypes are documentation.');
    expect(html).not.toContain('Why types pay off');
    expect(html).toContain('<p>Types are documentation.</p>');
    // Worded differently from the title, it is still the body's own title.
    expect(renderLessonBody('\n\n# Tables and constraints\n\nText')).not.toContain('<h');
  });

  test('other headings stay, one level below the page title', () => {
    const html = renderLessonBody('Intro\n\n# Part one\n\n## Details');
    expect(html).toContain('<h2>Part one</h2>');
    expect(html).toContain('<h3>Details</h3>');
    expect(html).not.toContain('<h1>');
  });

  test('an opening heading of a lower level is kept', () => {
    expect(renderLessonBody('## Warm-up\n\nText')).toContain('<h3>Warm-up</h3>');
  });

  test('raw HTML stays escaped and unsafe links lose their href', () => {
    const html = renderLessonBody('<script>alert(1)</script>\n\n[x](javascript:alert(1))');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('javascript:');
  });
});
