import { z } from 'zod';

/** The users service's own settings. */
export const UsersSettings = z.object({
  /** Set when identity is Auth0: then no demo profile is seeded (the demo accounts are the embedded issuer's). */
  AUTH0_DOMAIN: z.string().min(1).optional(),
});
export type UsersConfig = z.infer<typeof UsersSettings>;
