import { AppError } from '@edu/platform/http';
import { z } from 'zod';
import type { PaymentsContext } from './context.ts';

/** The part of docs/API.md's Course we need to sell it. */
const CourseSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** Only `published` is for sale; any other status (draft, archived, or one added later) is not. */
  status: z.string(),
  priceCents: z.number().int().nonnegative(),
  currency: z.string().length(3),
});
export type PurchasableCourse = z.infer<typeof CourseSchema>;

/**
 * The course as the courses service sees it right now: the price we charge comes from here,
 * never from the client. Unknown, unpublished and archived courses are all 404 to the buyer.
 */
export async function fetchPurchasableCourse(
  ctx: PaymentsContext,
  courseId: string,
): Promise<PurchasableCourse> {
  const response = await ctx.courses.fetch(
    new Request(`http://courses.internal/api/v1/courses/${encodeURIComponent(courseId)}`, {
      headers: { accept: 'application/json', 'x-request-id': ctx.origin.correlationId },
    }),
  );
  if (response.status === 404) throw new AppError('not_found', `No published course ${courseId}`);
  if (!response.ok) {
    ctx.log.warn('courses service answered with an error', { status: response.status, courseId });
    throw new AppError('bad_gateway', 'The course catalogue is unavailable; try again shortly');
  }
  const parsed = CourseSchema.safeParse(await response.json());
  if (!parsed.success) {
    ctx.log.error('courses service answered with an unexpected course', { courseId });
    throw new AppError('bad_gateway', 'The course catalogue answered unexpectedly');
  }
  if (parsed.data.status !== 'published') throw new AppError('not_found', `No published course ${courseId}`);
  return { ...parsed.data, currency: parsed.data.currency.toUpperCase() };
}
