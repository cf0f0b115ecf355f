import type { EventEnvelope } from '@edu/contracts';
import { defineConsumer } from '@edu/platform/events';
import {
  projectCourse,
  projectLearner,
  projectLessonChange,
  projectLessonRemoval,
  projectNewLesson,
} from '../operations/catalog-projection.ts';
import { grantAccess, recordSubscription, revokeAccess, revokePurchase } from '../operations/entitlements.ts';

const announcementOf = (event: EventEnvelope) => ({
  eventId: event.id,
  at: new Date(event.metadata.timestamp),
});

/**
 * Keeps the progress service's projections (courses, lessons, learners, entitlements) from
 * other services' events, and revokes certificates with the purchases they came from. Each
 * handler gets `data` parsed by its type's schema in @edu/contracts; the inbox makes a
 * redelivery change nothing.
 */
export const projectionsConsumer = defineConsumer('progress.projections', {
  COURSE_CREATED: ({ tx, data }) => projectCourse(tx, data),
  COURSE_UPDATED: ({ tx, data }) => projectCourse(tx, data),
  COURSE_PUBLISHED: ({ tx, data }) => projectCourse(tx, data),
  COURSE_UNPUBLISHED: ({ tx, data }) => projectCourse(tx, data),
  COURSE_ARCHIVED: ({ tx, data }) => projectCourse(tx, data),
  LESSON_ADDED: ({ tx, data }) => projectNewLesson(tx, data),
  LESSON_UPDATED: ({ tx, data }) => projectLessonChange(tx, data),
  LESSON_REMOVED: ({ tx, data }) => projectLessonRemoval(tx, data),
  COURSE_ACCESS_GRANTED: ({ tx, data, event }) => grantAccess(tx, data, announcementOf(event)),
  COURSE_ACCESS_REVOKED: async ({ tx, data, event, log }) => {
    const certificateId = await revokeAccess(tx, data, announcementOf(event));
    if (certificateId) log.info('certificate revoked', { certificateId, courseId: data.courseId });
  },
  PAYMENT_REFUNDED: async ({ tx, data, log }) => {
    const certificateId = await revokePurchase(tx, data);
    if (certificateId) log.info('certificate revoked', { certificateId, courseId: data.courseId });
  },
  SUBSCRIPTION_CREATED: ({ tx, data }) => recordSubscription(tx, data, 'active'),
  SUBSCRIPTION_CANCELED: ({ tx, data }) => recordSubscription(tx, data, 'canceled'),
  USER_CREATED: ({ tx, data }) => projectLearner(tx, data),
  USER_UPDATED: ({ tx, data }) => projectLearner(tx, data),
});
