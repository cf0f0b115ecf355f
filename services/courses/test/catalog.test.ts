import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import {
  type CourseJson,
  call,
  createCourse,
  expectProblem,
  json,
  OTHER_INSTRUCTOR,
  publishedCourse,
  type Subject,
  startCourses,
} from './support.ts';

interface Page {
  items: CourseJson[];
  nextCursor: string | null;
}

let subject: Subject;
const published: CourseJson[] = [];
let draft: CourseJson;

beforeAll(async () => {
  subject = await startCourses();
  const specs = [
    { title: 'Kubernetes in practice', description: 'Deploy containers with confidence', priceCents: 3000 },
    {
      title: 'Gardening basics',
      description: 'Grow vegetables; later we automate watering with kubernetes',
      priceCents: 500,
    },
    { title: 'Baking bread', description: 'Sourdough, yeast and patience', priceCents: 0 },
    { title: 'Advanced Kubernetes operators', description: 'Write controllers in Go', priceCents: 9900 },
    {
      title: 'Café culture: naïve espresso',
      description: 'Unicode everywhere — 日本語 too',
      priceCents: 1500,
    },
  ];
  for (const spec of specs) published.push((await publishedCourse(subject.app, spec, 1)).course);
  published.push(
    (
      await publishedCourse(
        subject.app,
        { title: 'Other instructor course', priceCents: 2500 },
        1,
        OTHER_INSTRUCTOR,
      )
    ).course,
  );
  draft = await createCourse(subject.app, undefined, {
    title: 'Secret kubernetes draft',
    description: 'kubernetes',
  });
}, 30_000);
afterAll(() => subject.close());

const list = async (query: string) =>
  json<Page>(await call(subject.app, 'GET', `/api/v1/courses${query}`, null), 200);

async function walk(query: string, limit: number): Promise<CourseJson[]> {
  const seen: CourseJson[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 50; guard++) {
    const separator = query ? '&' : '?';
    const suffix = `${query}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await list(suffix);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    seen.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('pagination did not end');
}

describe('GET /api/v1/courses (browse)', () => {
  test('lists published courses only, newest first; drafts are absent', async () => {
    const page = await list('');
    expect(page.items.map((course) => course.id)).toEqual(published.map((course) => course.id).reverse());
    expect(page.items.every((course) => course.status === 'published')).toBe(true);
    expect(page.items.some((course) => course.id === draft.id)).toBe(false);
    expect(page.nextCursor).toBeNull();
  });

  test('pagination walks every page without duplicates or gaps', async () => {
    const seen = await walk('', 2);
    expect(seen.map((course) => course.id)).toEqual(published.map((course) => course.id).reverse());
  });

  test('filters by instructor and price range', async () => {
    const mine = await list(`?instructorId=${OTHER_INSTRUCTOR.sub}`);
    expect(mine.items.map((course) => course.title)).toEqual(['Other instructor course']);
    const cheap = await list('?minPrice=0&maxPrice=1500');
    expect(cheap.items.map((course) => course.priceCents).sort((a, b) => a - b)).toEqual([0, 500, 1500]);
    const none = await list('?minPrice=100000');
    expect(none.items).toEqual([]);
  });

  test('bad limits, prices and cursors are 400', async () => {
    for (const query of [
      '?limit=0',
      '?limit=101',
      '?limit=abc',
      '?minPrice=-1',
      '?maxPrice=1.5',
      '?cursor=garbage',
    ]) {
      await expectProblem(await call(subject.app, 'GET', `/api/v1/courses${query}`, null), 400);
    }
    const forged = Buffer.from(JSON.stringify({ id: 1 })).toString('base64url');
    await expectProblem(await call(subject.app, 'GET', `/api/v1/courses?cursor=${forged}`, null), 400);
  });
});

describe('GET /api/v1/courses?q= (search)', () => {
  test('finds a word in the description, ranks title matches first, and never shows drafts', async () => {
    const page = await list('?q=kubernetes');
    const titles = page.items.map((course) => course.title);
    expect(titles).toHaveLength(3);
    expect(titles.slice(0, 2).sort()).toEqual(['Advanced Kubernetes operators', 'Kubernetes in practice']);
    expect(titles[2]).toBe('Gardening basics');
    expect(titles).not.toContain('Secret kubernetes draft');
  });

  test('uses the language: a stemmed form matches', async () => {
    const page = await list('?q=deploying%20container');
    expect(page.items.map((course) => course.title)).toEqual(['Kubernetes in practice']);
  });

  test('search results paginate over (rank, id) without duplicates', async () => {
    const all = (await list('?q=kubernetes')).items.map((course) => course.id);
    const walked = (await walk('?q=kubernetes', 1)).map((course) => course.id);
    expect(walked).toEqual(all);
  });

  test('a search cursor cannot continue a browse, and the reverse', async () => {
    const browse = await list('?limit=1');
    const search = await list('?q=kubernetes&limit=1');
    await expectProblem(
      await call(subject.app, 'GET', `/api/v1/courses?q=kubernetes&cursor=${browse.nextCursor}`, null),
      400,
    );
    await expectProblem(
      await call(subject.app, 'GET', `/api/v1/courses?cursor=${search.nextCursor}`, null),
      400,
    );
  });

  test('combines search with filters', async () => {
    const page = await list('?q=kubernetes&maxPrice=5000');
    expect(page.items.map((course) => course.title).sort()).toEqual([
      'Gardening basics',
      'Kubernetes in practice',
    ]);
  });

  test('plain words also match as prefixes, so partial words find courses', async () => {
    const page = await list('?q=kuber');
    expect(page.items).toHaveLength(3);
    expect((await list('?q=gard%20veg')).items.map((course) => course.title)).toEqual(['Gardening basics']);
    // Operators keep websearch semantics: a quoted phrase, a negation.
    expect((await list(`?q=${encodeURIComponent('kubernetes -operators')}`)).items).toHaveLength(2);
  });

  test('unicode text is searchable', async () => {
    const page = await list(`?q=${encodeURIComponent('naïve espresso')}`);
    expect(page.items.map((course) => course.title)).toEqual(['Café culture: naïve espresso']);
  });

  test('malicious or odd queries answer 200 or 400, never 500, and leak nothing', async () => {
    const inputs = [
      '"',
      "'",
      '%',
      '%%%_\\',
      "'; drop table courses; --",
      '" OR 1=1 --',
      'a & | ! :* ( ) <-> <2>',
      '\\\\\\',
      '日本語 🚀 \u202e',
      '\u0000',
      '   ',
      'x'.repeat(10 * 1024),
      '-kubernetes',
      '"kubernetes in"',
      'the and of',
      'or',
      'a b c d e f g h i j k l m n o p',
      '12345 ǅ ß ΣΊΣΥΦΟΣ',
      'x'.repeat(200),
    ];
    for (const q of inputs) {
      const response = await call(subject.app, 'GET', `/api/v1/courses?q=${encodeURIComponent(q)}`, null);
      expect({ q, ok: [200, 400].includes(response.status) }).toEqual({ q, ok: true });
      const text = await response.text();
      expect(text.toLowerCase()).not.toContain('select');
    }
    // The table is still there.
    expect((await list('')).items.length).toBe(published.length);
  });
});
