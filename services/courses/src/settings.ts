import { z } from 'zod';

/** The courses service's own settings (none yet beyond the platform's). */
export const CoursesSettings = z.object({});
export type CoursesConfig = z.infer<typeof CoursesSettings>;
