import { loadConfig, urlSetting } from '@edu/platform/config';
import { z } from 'zod';

/**
 * Where links in notifications point: the platform's public origin (PUBLIC_URL, the same
 * setting the progress service issues certificates under), so an email's "try again" link
 * opens the site the learner uses.
 */
export const LinkSettingsSchema = z.object({
  PUBLIC_URL: urlSetting(['http', 'https']).default('http://localhost:8787'),
});

export function publicUrlFromEnv(): string {
  const env = typeof process === 'undefined' ? {} : process.env;
  return loadConfig(LinkSettingsSchema, env).PUBLIC_URL.replace(/\/+$/, '');
}

/** The site page where a failed payment can be made again: the course's, or the catalogue. */
export function retryUrl(publicUrl: string, courseId: string | undefined): string {
  return courseId ? `${publicUrl}/courses/${encodeURIComponent(courseId)}` : `${publicUrl}/courses`;
}
