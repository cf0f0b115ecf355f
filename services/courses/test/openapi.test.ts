import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type Subject, startCourses } from './support.ts';

let subject: Subject;
// Starting PGlite and migrating can take seconds on a busy machine.
beforeAll(async () => {
  subject = await startCourses();
}, 30_000);
afterAll(() => subject.close());

describe('the OpenAPI description of the courses routes', () => {
  test('names every route of docs/API.md (but /me/courses) with summaries and problem responses', async () => {
    const document = (await (await subject.app.request('/openapi.json')).json()) as {
      paths?: Record<string, unknown>;
      components?: { schemas?: Record<string, unknown> };
    };
    const paths = document.paths ?? {};
    const operations = {
      '/api/v1/courses': ['get', 'post'],
      '/api/v1/courses/{id}': ['get', 'patch'],
      '/api/v1/courses/{id}/publish': ['post'],
      '/api/v1/courses/{id}/unpublish': ['post'],
      '/api/v1/courses/{id}/archive': ['post'],
      '/api/v1/courses/{id}/lessons': ['get', 'post'],
      '/api/v1/courses/{id}/lessons/{lessonId}': ['get', 'patch', 'delete'],
    } as const;
    for (const [path, methods] of Object.entries(operations)) {
      const item = paths[path] as
        | Record<string, { summary?: string; responses?: Record<string, unknown> }>
        | undefined;
      for (const method of methods) {
        const operation = item?.[method];
        expect({ path, method, summary: typeof operation?.summary }).toEqual({
          path,
          method,
          summary: 'string',
        });
        expect(Object.keys(operation?.responses ?? {})).toContain('400');
      }
    }
    const schemas = Object.keys(document.components?.schemas ?? {});
    for (const name of [
      'Course',
      'Lesson',
      'CoursePage',
      'LessonList',
      'NewCourse',
      'NewLesson',
      'LessonChanges',
      'Problem',
    ]) {
      expect(schemas).toContain(name);
    }
  });
});
