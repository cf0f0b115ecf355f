import type { Identity } from '@edu/platform/http';

/**
 * `draft`: only its owner and admins see it. `published`: in the catalog, for sale.
 * `archived`: out of the catalog and search and not for sale, but still there for those who own it.
 */
export type CourseStatus = 'draft' | 'published' | 'archived';

/** A course as the API and the events show it. */
export interface Course {
  id: string;
  title: string;
  description: string;
  status: CourseStatus;
  priceCents: number;
  currency: string;
  instructorId: string;
  lessonCount: number;
  createdAt: string;
  updatedAt: string;
}

/** Who is asking: the gateway-verified identity, or null for anonymous callers. */
export type Caller = Identity | null;

function isAdmin(caller: Caller): boolean {
  return caller?.roles.includes('admin') ?? false;
}

export function isOwnerOrAdmin(course: Pick<Course, 'instructorId'>, caller: Caller): boolean {
  return caller !== null && (caller.sub === course.instructorId || isAdmin(caller));
}

export function canCreateCourse(caller: Caller): boolean {
  return caller !== null && (caller.roles.includes('instructor') || isAdmin(caller));
}

/**
 * Drafts exist only for their owner and admins; everyone else must not learn they exist. An
 * archived course stays visible by id, so learners who own it keep reaching its lessons.
 */
export function canSeeCourse(course: Pick<Course, 'status' | 'instructorId'>, caller: Caller): boolean {
  return course.status !== 'draft' || isOwnerOrAdmin(course, caller);
}

type EditDecision = 'allowed' | 'sign_in' | 'not_found' | 'forbidden';

/**
 * Whether `caller` may change `course`. Someone else's draft is "not found" (it is invisible
 * to them); someone else's published course is visible, so refusing it is an honest 403.
 */
export function decideEdit(course: Pick<Course, 'status' | 'instructorId'>, caller: Caller): EditDecision {
  if (caller === null) return 'sign_in';
  if (isOwnerOrAdmin(course, caller)) return 'allowed';
  return course.status === 'draft' ? 'not_found' : 'forbidden';
}

/** A course can be published only with something to learn in it. */
export function canPublish(course: Pick<Course, 'lessonCount'>): boolean {
  return course.lessonCount >= 1;
}

/**
 * Whether one of the course's lessons may be deleted: a course learners can reach (published,
 * or archived for those who own it) keeps at least one lesson; a draft may become empty.
 */
export function canRemoveLesson(course: Pick<Course, 'status' | 'lessonCount'>): boolean {
  return course.status === 'draft' || course.lessonCount > 1;
}

/** ISO 4217 codes this runtime knows (Intl ships the current list). */
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isKnownCurrency(code: string): boolean {
  return KNOWN_CURRENCIES.has(code);
}
