import type { EventData, WebhookEventType } from '@edu/contracts';

/** What a partner receives: the platform event's id (stable across retries), type and public data. */
interface WebhookPayload {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: Record<string, unknown>;
}

/** The webhook type a platform event becomes, if partners can subscribe to it. */
const WEBHOOK_TYPE_OF_EVENT = {
  COURSE_PUBLISHED: 'course.published',
  COURSE_PURCHASED: 'course.purchased',
  COURSE_COMPLETED: 'course.completed',
} as const satisfies Record<string, WebhookEventType>;

type WebhookSourceType = keyof typeof WEBHOOK_TYPE_OF_EVENT;

/** A platform event partners can hear of: its id, when it happened, its type and typed data. */
export type WebhookSourceEvent = {
  [Type in WebhookSourceType]: { id: string; createdAt: string; type: Type; data: EventData<Type> };
}[WebhookSourceType];

/**
 * The payload of a platform event. `data` keeps only what partners may see: no payment ids,
 * instructor ids or test-mode flags (internal), nothing the event may gain later by default.
 */
export function toWebhookPayload(event: WebhookSourceEvent): WebhookPayload {
  const base = { id: event.id, type: WEBHOOK_TYPE_OF_EVENT[event.type], createdAt: event.createdAt };
  switch (event.type) {
    case 'COURSE_PUBLISHED': {
      const { data } = event;
      return {
        ...base,
        data: {
          courseId: data.courseId,
          title: data.title,
          priceCents: data.priceCents,
          currency: data.currency,
          lessonCount: data.lessonCount,
        },
      };
    }
    case 'COURSE_PURCHASED': {
      const { data } = event;
      return {
        ...base,
        data: {
          courseId: data.courseId,
          userId: data.userId,
          amountCents: data.amountCents,
          currency: data.currency,
        },
      };
    }
    case 'COURSE_COMPLETED': {
      const { data } = event;
      return {
        ...base,
        data: {
          courseId: data.courseId,
          userId: data.userId,
          completedAt: data.completedAt,
          ...(data.certificateId ? { certificateId: data.certificateId } : {}),
        },
      };
    }
  }
}

/**
 * The learner and course a webhook is about, for events partners hear of only for the learners
 * they enrolled (purchases, completions); null for events every subscriber hears of.
 */
export function seatOf(event: WebhookSourceEvent): { userId: string; courseId: string } | null {
  return event.type === 'COURSE_PUBLISHED'
    ? null
    : { userId: event.data.userId, courseId: event.data.courseId };
}
