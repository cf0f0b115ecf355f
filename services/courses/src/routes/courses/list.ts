import { jsonContent, problemResponses, type ServiceApp } from '@edu/platform/http';
import { createRoute } from '@hono/zod-openapi';
import { browseCatalog } from '../../operations/courses.ts';
import type { CoursesDeps } from '../../operations/deps.ts';
import { CatalogQuerySchema, CoursePageSchema } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/courses',
  tags: ['Courses'],
  summary: 'The catalog: published courses, newest first, or ranked by full-text search',
  request: { query: CatalogQuerySchema },
  responses: {
    200: jsonContent(CoursePageSchema, 'A page of published courses'),
    ...problemResponses('validation_failed'),
  },
});

export function registerListCourses(app: ServiceApp, deps: CoursesDeps) {
  app.openapi(route, async (c) => c.json(await browseCatalog(deps, c.req.valid('query')), 200));
}
