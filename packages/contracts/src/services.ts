import { z } from 'zod';

/** The five domain services behind the gateway; the orchestrator is the gateway itself. */
export const ServiceNameSchema = z.enum(['users', 'courses', 'payments', 'notifications', 'progress']);
export type ServiceName = z.infer<typeof ServiceNameSchema>;
export const SERVICE_NAMES = ServiceNameSchema.options;

export const ServiceHealthSchema = z.object({
  status: z.literal('ok'),
  service: z.string(),
});

export const PlatformHealthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  services: z.record(z.string(), z.enum(['ok', 'down'])),
});
export type PlatformHealth = z.infer<typeof PlatformHealthSchema>;

/** The name of each service's binding in the Workers configuration (wrangler.toml `[[services]] binding`). */
export const BINDING_NAME_OF: Record<ServiceName, string> = {
  users: 'USERS',
  courses: 'COURSES',
  payments: 'PAYMENTS',
  notifications: 'NOTIFICATIONS',
  progress: 'PROGRESS',
};
