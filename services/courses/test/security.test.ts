import { afterAll, beforeAll } from 'bun:test';
import { asCaller } from '@edu/platform/testing';
import { describeRouteSecurity, type ProtectedRoute } from '@edu/platform/testing/security';
import { createUsersStandIn } from './support/users.ts';
import {
  addLesson,
  type CourseJson,
  createCourse,
  INSTRUCTOR,
  json,
  LEARNER,
  type LessonJson,
  publishedCourse,
  type Subject,
  startCourses,
} from './support.ts';

const users = createUsersStandIn();
const learner = users.register();
const instructor = { sub: INSTRUCTOR.sub, roles: [...INSTRUCTOR.roles] };
const aLearner = { sub: LEARNER.sub, roles: [...LEARNER.roles] };
const partner = {
  sub: 'partner-a@clients',
  roles: [],
  kind: 'client' as const,
  scopes: ['enrollments:write'],
};

let subject: Subject;
/** A draft with two lessons: another instructor cannot know it exists (404). */
let draft: { course: CourseJson; lessons: LessonJson[] };
/** Published courses, each changed by one route: others may see them, but not change them (403). */
let toUnpublish: CourseJson;
let toArchive: CourseJson;
/** A published course whose second lesson is paid: only its owner, admins and the entitled read it. */
let withPaidLesson: { course: CourseJson; lessons: LessonJson[] };
let seatId: string;

async function enroll(courseId: string): Promise<{ id: string }> {
  const response = await subject.app.request('/api/v1/partner/enrollments', {
    method: 'POST',
    headers: { ...(await asCaller(partner)), 'content-type': 'application/json' },
    body: JSON.stringify({ courseId, email: learner.email }),
  });
  return json<{ id: string }>(response, 201);
}

beforeAll(async () => {
  subject = await startCourses({ services: { users: users.binding } });
  const course = await createCourse(subject.app);
  draft = {
    course,
    lessons: [await addLesson(subject.app, course.id), await addLesson(subject.app, course.id)],
  };
  toUnpublish = (await publishedCourse(subject.app)).course;
  toArchive = (await publishedCourse(subject.app)).course;
  withPaidLesson = await publishedCourse(subject.app);
  seatId = (await enroll(toArchive.id)).id;
}, 30_000);
afterAll(() => subject.close());

const paidLesson = () => withPaidLesson.lessons[1]?.id ?? '';
const draftLesson = (index: number) => draft.lessons[index]?.id ?? '';

/** Every operation the courses service documents with a 401, with a request its owner may make. */
const routes: ProtectedRoute[] = [
  {
    operation: 'POST /api/v1/courses',
    request: () => ({
      path: '/api/v1/courses',
      body: { title: 'Secure', description: 'x', priceCents: 100, currency: 'EUR' },
    }),
    forbidden: { caller: () => aLearner },
    status: 201,
  },
  {
    operation: 'PATCH /api/v1/courses/{id}',
    request: () => ({ path: `/api/v1/courses/${draft.course.id}`, body: { title: 'Renamed' } }),
    forbidden: { caller: () => aLearner, status: 404 },
    otherUser: 404,
  },
  {
    operation: 'POST /api/v1/courses/{id}/publish',
    request: () => ({ path: `/api/v1/courses/${draft.course.id}/publish` }),
    forbidden: { caller: () => aLearner, status: 404 },
    otherUser: 404,
  },
  {
    operation: 'POST /api/v1/courses/{id}/unpublish',
    request: () => ({ path: `/api/v1/courses/${toUnpublish.id}/unpublish` }),
    forbidden: { caller: () => aLearner },
    otherUser: 403,
  },
  {
    operation: 'POST /api/v1/courses/{id}/archive',
    request: () => ({ path: `/api/v1/courses/${toArchive.id}/archive` }),
    forbidden: { caller: () => aLearner },
    otherUser: 403,
  },
  {
    operation: 'POST /api/v1/courses/{id}/lessons',
    request: () => ({
      path: `/api/v1/courses/${draft.course.id}/lessons`,
      body: { title: 'Three', content: '# Three' },
    }),
    forbidden: { caller: () => aLearner, status: 404 },
    otherUser: 404,
    status: 201,
  },
  {
    operation: 'GET /api/v1/courses/{id}/lessons/{lessonId}',
    request: () => ({ path: `/api/v1/courses/${withPaidLesson.course.id}/lessons/${paidLesson()}` }),
    forbidden: { caller: () => aLearner },
    otherUser: 403,
  },
  {
    operation: 'PATCH /api/v1/courses/{id}/lessons/{lessonId}',
    request: () => ({
      path: `/api/v1/courses/${draft.course.id}/lessons/${draftLesson(0)}`,
      body: { title: 'One, again' },
    }),
    forbidden: { caller: () => aLearner, status: 404 },
    otherUser: 404,
  },
  {
    operation: 'DELETE /api/v1/courses/{id}/lessons/{lessonId}',
    request: () => ({ path: `/api/v1/courses/${draft.course.id}/lessons/${draftLesson(1)}` }),
    forbidden: { caller: () => aLearner, status: 404 },
    otherUser: 404,
    status: 204,
  },
  // Every caller is asked about their own courses; a learner with none needs no progress service.
  {
    operation: 'GET /api/v1/me/courses',
    request: () => ({ path: '/api/v1/me/courses' }),
    owner: () => aLearner,
  },
  {
    operation: 'GET /api/v1/me/courses/authored',
    request: () => ({ path: '/api/v1/me/courses/authored' }),
    forbidden: { caller: () => aLearner },
  },
  {
    operation: 'POST /api/v1/partner/enrollments',
    request: () => ({
      path: '/api/v1/partner/enrollments',
      body: { courseId: withPaidLesson.course.id, email: learner.email },
    }),
    owner: () => partner,
    forbidden: { caller: () => instructor },
    status: 201,
  },
  {
    operation: 'GET /api/v1/partner/enrollments',
    request: () => ({ path: '/api/v1/partner/enrollments' }),
    owner: () => partner,
    forbidden: { caller: () => instructor },
  },
  {
    operation: 'DELETE /api/v1/partner/enrollments/{enrollmentId}',
    request: () => ({ path: `/api/v1/partner/enrollments/${seatId}` }),
    owner: () => partner,
    forbidden: { caller: () => instructor },
    otherUser: 404,
    status: 204,
  },
];

describeRouteSecurity({ service: 'courses', subject: () => subject, owner: () => instructor, routes });
