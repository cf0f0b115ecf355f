import type { NewEvent } from '@edu/platform/events';

/** The `source` of every event this service publishes. */
export const EVENT_SOURCE = 'progress';

/** LESSON_COMPLETED: once per learner and lesson, keyed by the learner so their events keep order. */
export function lessonCompletedEvent(completion: {
  userId: string;
  courseId: string;
  lessonId: string;
  completedAt: Date;
}): NewEvent {
  return {
    type: 'LESSON_COMPLETED',
    key: completion.userId,
    data: {
      userId: completion.userId,
      courseId: completion.courseId,
      lessonId: completion.lessonId,
      completedAt: completion.completedAt.toISOString(),
    },
  };
}

/** COURSE_COMPLETED: once per learner and course, with the certificate it issued. */
export function courseCompletedEvent(completion: {
  userId: string;
  courseId: string;
  completedAt: Date;
  certificateId: string;
}): NewEvent {
  return {
    type: 'COURSE_COMPLETED',
    key: completion.userId,
    data: {
      userId: completion.userId,
      courseId: completion.courseId,
      completedAt: completion.completedAt.toISOString(),
      certificateId: completion.certificateId,
    },
  };
}
