import { type FieldProblem, PROBLEM_CONTENT_TYPE, type Problem } from '@edu/contracts';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The small, closed list of errors a service may answer with. */
export const PROBLEMS = {
  bad_request: { status: 400, title: 'Bad Request' },
  validation_failed: { status: 400, title: 'Validation Failed' },
  unauthorized: { status: 401, title: 'Unauthorized' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not Found' },
  method_not_allowed: { status: 405, title: 'Method Not Allowed' },
  conflict: { status: 409, title: 'Conflict' },
  payload_too_large: { status: 413, title: 'Payload Too Large' },
  unsupported_media_type: { status: 415, title: 'Unsupported Media Type' },
  unprocessable: { status: 422, title: 'Unprocessable Content' },
  rate_limited: { status: 429, title: 'Too Many Requests' },
  internal: { status: 500, title: 'Internal Server Error' },
  bad_gateway: { status: 502, title: 'Bad Gateway' },
  unavailable: { status: 503, title: 'Service Unavailable' },
} as const satisfies Record<string, { status: ContentfulStatusCode; title: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

const CODE_BY_STATUS = new Map<number, ProblemCode>(
  Object.entries(PROBLEMS).map(([code, problem]) => [problem.status, code as ProblemCode]),
);
CODE_BY_STATUS.set(400, 'bad_request');

/**
 * The one error type domain code throws; the shared error handler turns it into problem+json.
 *
 * @example
 * throw new AppError('conflict', 'A user with this email already exists');
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  readonly code: ProblemCode;
  readonly errors: FieldProblem[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ProblemCode,
    detail: string,
    options: { errors?: FieldProblem[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers;
  }

  get status(): ContentfulStatusCode {
    return PROBLEMS[this.code].status;
  }
}

export function problemCodeForStatus(status: number): ProblemCode {
  return CODE_BY_STATUS.get(status) ?? (status >= 500 ? 'internal' : 'bad_request');
}

export function buildProblem(
  code: ProblemCode,
  detail: string,
  options: { instance?: string; errors?: FieldProblem[] } = {},
): Problem {
  const { status, title } = PROBLEMS[code];
  return {
    type: `/docs/problems#${code.replaceAll('_', '-')}`,
    title,
    status,
    detail,
    ...(options.instance ? { instance: options.instance } : {}),
    ...(options.errors ? { errors: options.errors } : {}),
  };
}

/** A problem+json `Response`, for places that answer outside a Hono context. */
export function problemResponse(
  code: ProblemCode,
  detail: string,
  options: { instance?: string; errors?: FieldProblem[]; headers?: Record<string, string> } = {},
): Response {
  const problem = buildProblem(code, detail, options);
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...options.headers },
  });
}
