import type { AppEnv } from '@edu/platform/http';
import { AppError } from '@edu/platform/http';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { CourseService } from '../../course-service.ts';
import { decodeCursor } from '../../domain/cursor.ts';
import { CatalogQuerySchema, CoursePageSchema, json, PROBLEMS } from '../schemas.ts';

const route = createRoute({
  method: 'get',
  path: '/api/v1/courses',
  tags: ['Courses'],
  summary: 'The catalog: published courses, newest first, or ranked by full-text search',
  request: { query: CatalogQuerySchema },
  responses: {
    200: json(CoursePageSchema, 'A page of published courses'),
    400: PROBLEMS[400],
  },
});

export function registerListCourses(app: OpenAPIHono<AppEnv>, service: CourseService) {
  app.openapi(route, async (c) => {
    const { cursor: cursorText, q, ...filters } = c.req.valid('query');
    const cursor = cursorText === undefined ? undefined : decodeCursor(cursorText);
    if (cursor === null) {
      throw new AppError('bad_request', 'The cursor is not one this catalog handed out', {
        errors: [{ path: 'cursor', message: 'invalid cursor' }],
      });
    }
    const search = q?.trim() ? q.trim() : undefined;
    // A browse cursor cannot continue a search (and the reverse): the orders differ.
    if (cursor && (search !== undefined) !== 'rank' in cursor) {
      throw new AppError('bad_request', 'The cursor belongs to a different query', {
        errors: [{ path: 'cursor', message: 'cursor does not match the query' }],
      });
    }
    const page = await service.listCatalog({ ...filters, q: search, cursor });
    return c.json(page, 200);
  });
}
