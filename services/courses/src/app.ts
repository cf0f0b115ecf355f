import type { ServiceDeps } from '@edu/platform';
import { createServiceApp } from '@edu/platform/http';
import { createCourseService } from './course-service.ts';
import { createEnrollmentService } from './enrollment-service.ts';
import { registerArchiveCourse } from './routes/courses/archive.ts';
import { registerCreateCourse } from './routes/courses/create.ts';
import { registerGetCourse } from './routes/courses/get.ts';
import { registerListCourses } from './routes/courses/list.ts';
import { registerPublishCourse } from './routes/courses/publish.ts';
import { registerUnpublishCourse } from './routes/courses/unpublish.ts';
import { registerUpdateCourse } from './routes/courses/update.ts';
import { registerAddLesson } from './routes/lessons/add.ts';
import { registerGetLesson } from './routes/lessons/get.ts';
import { registerListLessons } from './routes/lessons/list.ts';
import { registerRemoveLesson } from './routes/lessons/remove.ts';
import { registerUpdateLesson } from './routes/lessons/update.ts';
import { registerAuthoredCourses } from './routes/me/authored-courses.ts';
import { registerMyCourses } from './routes/me/courses.ts';
import { registerEnroll } from './routes/partner/enroll.ts';
import { registerListEnrollments } from './routes/partner/list-enrollments.ts';
import { registerRevokeEnrollment } from './routes/partner/revoke-enrollment.ts';

export const SERVICE_NAME = 'courses';

/** The courses service: its routes, given its dependencies. */
export function createApp(deps: ServiceDeps) {
  const app = createServiceApp({
    service: SERVICE_NAME,
    logger: deps.logger,
    identitySecret: deps.identitySecret,
    notifyOutbox: deps.notifyOutbox,
  });
  const service = createCourseService(deps);
  registerListCourses(app, service);
  registerCreateCourse(app, service);
  registerGetCourse(app, service);
  registerUpdateCourse(app, service);
  registerPublishCourse(app, service);
  registerUnpublishCourse(app, service);
  registerArchiveCourse(app, service);
  registerListLessons(app, service);
  registerAddLesson(app, service);
  registerGetLesson(app, service);
  registerUpdateLesson(app, service);
  registerRemoveLesson(app, service);
  registerMyCourses(app, { db: deps.db, progress: deps.services.progress });
  registerAuthoredCourses(app, { db: deps.db });
  const enrollments = createEnrollmentService(deps);
  registerEnroll(app, enrollments);
  registerListEnrollments(app, enrollments);
  registerRevokeEnrollment(app, enrollments);
  return app;
}
