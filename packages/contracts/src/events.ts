import { z } from 'zod';

export const TopicSchema = z.enum([
  'user-events',
  'course-events',
  'payment-events',
  'progress-events',
  'notification-events',
]);
export type Topic = z.infer<typeof TopicSchema>;
export const TOPICS = TopicSchema.options;

export const EventTypeSchema = z.enum([
  'USER_CREATED',
  'USER_UPDATED',
  'COURSE_CREATED',
  'COURSE_UPDATED',
  'COURSE_PUBLISHED',
  'LESSON_ADDED',
  'LESSON_UPDATED',
  'LESSON_REMOVED',
  'COURSE_UNPUBLISHED',
  'COURSE_ARCHIVED',
  'COURSE_PURCHASED',
  'COURSE_ACCESS_GRANTED',
  'COURSE_ACCESS_REVOKED',
  'PAYMENT_FAILED',
  'PAYMENT_REFUNDED',
  'SUBSCRIPTION_CREATED',
  'SUBSCRIPTION_CANCELED',
  'LESSON_COMPLETED',
  'COURSE_COMPLETED',
  'NOTIFICATION_SENT',
]);
export type EventType = z.infer<typeof EventTypeSchema>;

/** Which topic each event type travels on. */
export const TOPIC_OF_EVENT: Record<EventType, Topic> = {
  USER_CREATED: 'user-events',
  USER_UPDATED: 'user-events',
  COURSE_CREATED: 'course-events',
  COURSE_UPDATED: 'course-events',
  COURSE_PUBLISHED: 'course-events',
  LESSON_ADDED: 'course-events',
  LESSON_UPDATED: 'course-events',
  LESSON_REMOVED: 'course-events',
  COURSE_UNPUBLISHED: 'course-events',
  COURSE_ARCHIVED: 'course-events',
  COURSE_ACCESS_GRANTED: 'course-events',
  COURSE_ACCESS_REVOKED: 'course-events',
  COURSE_PURCHASED: 'payment-events',
  PAYMENT_FAILED: 'payment-events',
  PAYMENT_REFUNDED: 'payment-events',
  SUBSCRIPTION_CREATED: 'payment-events',
  SUBSCRIPTION_CANCELED: 'payment-events',
  LESSON_COMPLETED: 'progress-events',
  COURSE_COMPLETED: 'progress-events',
  NOTIFICATION_SENT: 'notification-events',
};

export const EventMetadataSchema = z.object({
  timestamp: z.iso.datetime(),
  /** The request id that started the chain of events. */
  correlationId: z.string().min(1),
  /** The id of the event that caused this one, when an event handler published it. */
  causationId: z.string().min(1).optional(),
  /** The service that published the event. */
  source: z.string().min(1),
});

/** The envelope every event travels in; `id` is unique and consumers deduplicate on it. */
export const EventEnvelopeSchema = z.object({
  id: z.string().min(1),
  type: EventTypeSchema,
  data: z.record(z.string(), z.unknown()),
  metadata: EventMetadataSchema,
});
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;
export type EventMetadata = z.infer<typeof EventMetadataSchema>;
