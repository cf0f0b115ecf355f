/** Who may use the studio: instructors and admins (the API decides again on every call). */
export const canTeach = (roles: readonly string[] | undefined) =>
  (roles ?? []).some((role) => role === 'instructor' || role === 'admin');
