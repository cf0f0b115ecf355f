/**
 * The site page where a failed payment can be made again: the course's, or the catalogue.
 * `publicUrl` is the platform's origin (PUBLIC_URL), with or without a trailing slash.
 */
export function retryUrl(publicUrl: string, courseId: string | undefined): string {
  const origin = publicUrl.replace(/\/+$/, '');
  return courseId ? `${origin}/courses/${encodeURIComponent(courseId)}` : `${origin}/courses`;
}
