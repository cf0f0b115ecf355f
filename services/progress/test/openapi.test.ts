import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { type Subject, startProgress } from './support.ts';

let subject: Subject;
beforeAll(async () => {
  subject = await startProgress();
});
afterAll(() => subject.close());

interface OpenApiDocument {
  paths?: Record<
    string,
    Record<string, { responses?: Record<string, unknown>; summary?: string; tags?: string[] }>
  >;
}

describe('the OpenAPI description', () => {
  test('documents every route with its error statuses as problem+json', async () => {
    const document = (await (await subject.app.request('/openapi.json')).json()) as OpenApiDocument;
    const paths = document.paths ?? {};
    expect(Object.keys(paths).sort()).toEqual([
      '/api/v1/certificates/keys',
      '/api/v1/certificates/verify',
      '/api/v1/certificates/{id}',
      '/api/v1/certificates/{id}/verify',
      '/api/v1/partner/progress',
      '/api/v1/progress/courses',
      '/api/v1/progress/courses/{courseId}',
      '/api/v1/progress/lessons/{lessonId}',
      '/health',
    ]);
    const record = paths['/api/v1/progress/lessons/{lessonId}']?.post;
    expect(Object.keys(record?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '404']);
    expect(record?.summary).toBeString();
    const report = paths['/api/v1/partner/progress']?.get;
    expect(Object.keys(report?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403']);
    expect(report?.tags).toEqual(['Partner']);
  });
});
