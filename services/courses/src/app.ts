import type { ModuleDeps } from '@edu/platform';
import { createServiceApp, type ServiceApp } from '@edu/platform/http';
import { createCoursesDeps } from './operations/deps.ts';
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
import { registerListAuthoredCourses } from './routes/me/list-authored-courses.ts';
import { registerListMyCourses } from './routes/me/list-courses.ts';
import { registerEnroll } from './routes/partner/enroll.ts';
import { registerListEnrollments } from './routes/partner/list-enrollments.ts';
import { registerRevokeEnrollment } from './routes/partner/revoke-enrollment.ts';
import type { CoursesSettings } from './settings.ts';

/** The courses service: its routes, given its dependencies. */
export function createApp(deps: ModuleDeps<CoursesSettings>): ServiceApp {
  const app = createServiceApp({
    service: 'courses',
    logger: deps.logger,
    identitySecret: deps.identitySecret,
    notifyOutbox: deps.notifyOutbox,
  });
  const operations = createCoursesDeps(deps);
  registerListCourses(app, operations);
  registerCreateCourse(app, operations);
  registerGetCourse(app, operations);
  registerUpdateCourse(app, operations);
  registerPublishCourse(app, operations);
  registerUnpublishCourse(app, operations);
  registerArchiveCourse(app, operations);
  registerListLessons(app, operations);
  registerAddLesson(app, operations);
  registerGetLesson(app, operations);
  registerUpdateLesson(app, operations);
  registerRemoveLesson(app, operations);
  registerListMyCourses(app, operations);
  registerListAuthoredCourses(app, operations);
  registerEnroll(app, operations);
  registerListEnrollments(app, operations);
  registerRevokeEnrollment(app, operations);
  return app;
}
