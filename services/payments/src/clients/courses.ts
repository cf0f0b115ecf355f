import type { ServiceBinding } from '@edu/platform';
import { AppError, createServiceClient } from '@edu/platform/http';
import { z } from 'zod';

/** The part of docs/API.md's Course we need to sell it. */
const CourseSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** Only `published` is for sale; any other status (draft, archived, or one added later) is not. */
  status: z.string(),
  priceCents: z.number().int().nonnegative(),
  currency: z.string().length(3),
});
type PurchasableCourse = z.infer<typeof CourseSchema>;

export interface CoursesClient {
  /**
   * The course as the courses service sees it right now: the price we charge comes from here,
   * never from the client. Unknown, unpublished and archived courses are all 404 to the buyer;
   * a courses service that cannot answer is 503 (`unavailable`).
   */
  purchasableCourse(courseId: string, requestId: string): Promise<PurchasableCourse>;
}

/** The courses service, called as `payments` through its binding. */
export function createCoursesClient(options: {
  binding: ServiceBinding;
  identitySecret: string;
}): CoursesClient {
  const courses = createServiceClient({ from: 'payments', to: 'courses', ...options });
  return {
    async purchasableCourse(courseId, requestId) {
      const response = await courses.fetch({
        path: `/api/v1/courses/${encodeURIComponent(courseId)}`,
        requestId,
      });
      if (response.status === 404) throw new AppError('not_found', `No published course ${courseId}`);
      const course = await courses.read(response, CourseSchema);
      if (course.status !== 'published') throw new AppError('not_found', `No published course ${courseId}`);
      return { ...course, currency: course.currency.toUpperCase() };
    },
  };
}
