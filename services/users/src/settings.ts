import { z } from 'zod';

/** The users service's own settings, parsed by the runner and handed in as `deps.settings`. */
export const UsersSettings = z.object({
  /**
   * Set when identity is Auth0: then no demo profile is seeded (the demo accounts are the
   * embedded issuer's). Its form is the gateway's to check; here only its presence counts.
   */
  AUTH0_DOMAIN: z.string().min(1).optional(),
});
