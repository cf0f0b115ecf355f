import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { call, createCourse, expectProblem, INSTRUCTOR, type Subject, startCourses } from './support.ts';

let subject: Subject;
beforeAll(async () => {
  subject = await startCourses();
}, 30_000);
afterAll(() => subject.close());

type FieldProblems = { errors?: { path: string; message: string }[] };

describe('course currencies', () => {
  test('currencies without two decimals are taken as they are: JPY 1000 is ¥1,000, KWD 1500 is KWD 1.500', async () => {
    const yen = await createCourse(subject.app, INSTRUCTOR, { priceCents: 1000, currency: 'JPY' });
    expect(yen).toMatchObject({ priceCents: 1000, currency: 'JPY' });
    const dinar = await createCourse(subject.app, INSTRUCTOR, { priceCents: 1500, currency: 'KWD' });
    expect(dinar).toMatchObject({ priceCents: 1500, currency: 'KWD' });
  });

  test('a currency the payment provider cannot charge is a 400 problem at create and at update', async () => {
    // ISO 4217 codes all, but not money anyone can pay a course in: gold, SDRs, a sanctioned rial.
    for (const currency of ['XAU', 'XDR', 'IRR']) {
      const body = { title: 'Priced oddly', description: 'x', priceCents: 100, currency };
      const created = (await expectProblem(
        await call(subject.app, 'POST', '/api/v1/courses', INSTRUCTOR, body),
        400,
      )) as FieldProblems;
      expect(created.errors).toContainEqual({
        path: 'currency',
        message: 'is not a currency the payment provider can charge',
      });
    }
    const course = await createCourse(subject.app);
    const changed = (await expectProblem(
      await call(subject.app, 'PATCH', `/api/v1/courses/${course.id}`, INSTRUCTOR, { currency: 'XAU' }),
      400,
    )) as FieldProblems;
    expect(changed.errors?.map((error) => error.path)).toContain('currency');
  });
});
