import { z } from 'zod';

/**
 * The courses service's own settings: none beyond the platform's (database, cache, the
 * internal secret and the bindings to users and progress reach it as the runner's deps).
 */
export const CoursesSettings = z.object({});
export type CoursesSettings = z.infer<typeof CoursesSettings>;
