import type { ServiceBinding } from '@edu/platform';
import { AppError } from '@edu/platform/http';
import { z } from 'zod';

const CourseProgressSchema = z.object({
  courseId: z.string(),
  completedLessons: z.number().int(),
  totalLessons: z.number().int(),
  percent: z.number().int(),
});
const ProgressListSchema = z.object({ items: z.array(CourseProgressSchema) });
export type CourseProgress = z.infer<typeof CourseProgressSchema>;

/**
 * Asks the progress service, through its binding, for the caller's progress in `courseIds`.
 * The gateway-signed identity headers are passed on unchanged, so progress answers for the
 * same caller; we never read the progress service's tables.
 */
export async function fetchProgress(
  progress: ServiceBinding,
  identityHeaders: Record<string, string>,
  courseIds: string[],
  requestId: string,
): Promise<Map<string, CourseProgress>> {
  if (courseIds.length === 0) return new Map();
  const url = `http://progress.internal/api/v1/progress/courses?courseIds=${courseIds.map(encodeURIComponent).join(',')}`;
  let response: Response;
  try {
    response = await progress.fetch(
      new Request(url, { headers: { ...identityHeaders, 'x-request-id': requestId } }),
    );
  } catch {
    throw new AppError('unavailable', 'Progress is unavailable right now; try again shortly');
  }
  if (!response.ok) throw new AppError('unavailable', 'Progress is unavailable right now; try again shortly');
  const body = ProgressListSchema.parse(await response.json());
  return new Map(body.items.map((item) => [item.courseId, item]));
}
