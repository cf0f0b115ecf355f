/**
 * Whose payments a caller may list: their own by default; everyone's (`all`), or another
 * user's, only as an admin. The answer is the user to narrow to, `'everyone'`, or `'forbidden'`.
 */
export function paymentListScope(
  caller: { sub: string; roles: readonly string[] },
  request: { all: boolean; userId?: string | undefined },
): { userId: string } | 'everyone' | 'forbidden' {
  const wantsOthers = request.all || (request.userId !== undefined && request.userId !== caller.sub);
  if (wantsOthers && !caller.roles.includes('admin')) return 'forbidden';
  if (request.userId !== undefined) return { userId: request.userId };
  return request.all ? 'everyone' : { userId: caller.sub };
}
