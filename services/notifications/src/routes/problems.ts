import { ProblemComponent } from '@edu/platform/http';

/** An error response of a route, documented with the shared problem+json schema. */
export const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemComponent } },
});

export const PROTECTED_ERRORS = {
  400: problem('The request is invalid'),
  401: problem('No verified caller'),
} as const;
