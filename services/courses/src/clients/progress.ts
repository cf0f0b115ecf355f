import type { ServiceDeps } from '@edu/platform';
import { createServiceClient, type Identity } from '@edu/platform/http';
import { z } from 'zod';

const CourseProgressSchema = z.object({
  courseId: z.string(),
  completedLessons: z.number().int(),
  totalLessons: z.number().int(),
  percent: z.number().int(),
});
const ProgressListSchema = z.object({ items: z.array(CourseProgressSchema) });
type CourseProgress = z.infer<typeof CourseProgressSchema>;

export interface ProgressClient {
  /** The learner's progress in `courseIds`, by course id (courses they have not started are absent). */
  progressOf(learner: Identity, courseIds: string[], requestId: string): Promise<Map<string, CourseProgress>>;
}

/**
 * The progress service, through its binding, asked on behalf of the learner, so it answers
 * with their own progress; we never read the progress service's tables.
 */
export function createProgressClient(deps: Pick<ServiceDeps, 'services' | 'identitySecret'>): ProgressClient {
  const progress = createServiceClient({
    from: 'courses',
    to: 'progress',
    binding: deps.services.progress,
    identitySecret: deps.identitySecret,
  });
  return {
    async progressOf(learner, courseIds, requestId) {
      if (courseIds.length === 0) return new Map();
      const response = await progress.fetch({
        path: `/api/v1/progress/courses?courseIds=${courseIds.map(encodeURIComponent).join(',')}`,
        requestId,
        onBehalfOf: learner,
      });
      const body = await progress.read(response, ProgressListSchema);
      return new Map(body.items.map((item) => [item.courseId, item]));
    },
  };
}
