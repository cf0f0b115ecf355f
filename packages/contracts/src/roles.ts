import { z } from 'zod';

/** Every registered account is a `user`; `instructor` and `admin` are granted by an admin. */
export const RoleSchema = z.enum(['user', 'instructor', 'admin']);
export type Role = z.infer<typeof RoleSchema>;
export const ROLES = RoleSchema.options;
