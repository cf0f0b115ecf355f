import { z } from 'zod';

/**
 * What a partner's API client (OAuth 2.0 client credentials) may do. A client token carries
 * some of these in its `scope` claim; every partner route needs exactly one of them.
 */
export const PartnerScopeSchema = z.enum(['enrollments:write', 'progress:read', 'webhooks:manage']);
export type PartnerScope = z.infer<typeof PartnerScopeSchema>;
export const PARTNER_SCOPES = PartnerScopeSchema.options;

/** The event types a partner can subscribe a webhook to (see services/notifications). */
export const WebhookEventTypeSchema = z.enum(['course.published', 'course.purchased', 'course.completed']);
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;
