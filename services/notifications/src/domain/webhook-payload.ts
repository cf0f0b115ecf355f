import { type EventEnvelope, parseEventData, type WebhookEventType } from '@edu/contracts';

/** What a partner receives: the platform event's id (stable across retries), type and public data. */
export interface WebhookPayload {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: Record<string, unknown>;
}

/** The webhook type a platform event becomes, if partners can subscribe to it. */
export const WEBHOOK_TYPE_OF_EVENT = {
  COURSE_PUBLISHED: 'course.published',
  COURSE_PURCHASED: 'course.purchased',
  COURSE_COMPLETED: 'course.completed',
} as const satisfies Partial<Record<EventEnvelope['type'], WebhookEventType>>;

export type WebhookSourceEvent = keyof typeof WEBHOOK_TYPE_OF_EVENT;

/**
 * The payload of a platform event. `data` keeps only what partners may see: no payment ids,
 * instructor ids or test-mode flags (internal), nothing the event may gain later by default.
 */
export function toWebhookPayload(event: EventEnvelope & { type: WebhookSourceEvent }): WebhookPayload {
  const base = { id: event.id, type: WEBHOOK_TYPE_OF_EVENT[event.type], createdAt: event.metadata.timestamp };
  switch (event.type) {
    case 'COURSE_PUBLISHED': {
      const data = parseEventData('COURSE_PUBLISHED', event.data);
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
      const data = parseEventData('COURSE_PURCHASED', event.data);
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
      const data = parseEventData('COURSE_COMPLETED', event.data);
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
