import { z } from 'zod';

/** The notification types flows produce (docs/API.md, Notifications). */
export const NotificationTypeSchema = z.enum([
  'welcome',
  'purchase_confirmation',
  'course_completed',
  'refund_processed',
  'subscription_started',
  'subscription_canceled',
  /** A course or subscription payment failed; `data.retryUrl` is where to try again. */
  'payment_failed',
]);
export type NotificationType = z.infer<typeof NotificationTypeSchema>;
export const NOTIFICATION_TYPES = NotificationTypeSchema.options;

export const LocaleSchema = z.enum(['en', 'ru']);
export type Locale = z.infer<typeof LocaleSchema>;

/** The user's locale tag (`ru`, `ru-RU`, `en-GB`...) reduced to one we have templates for. */
export function templateLocale(tag: string | null | undefined): Locale {
  return tag?.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export type Channel = 'email' | 'push' | 'in_app';

export interface ChannelPreferences {
  email: boolean;
  push: boolean;
  inApp: boolean;
}

export const DEFAULT_PREFERENCES: ChannelPreferences = { email: true, push: true, inApp: true };

/** The channels a notification goes out on: the user's preferences, and only where we can reach them. */
export function channelsFor(
  preferences: ChannelPreferences,
  reach: { hasEmail: boolean; pushSubscriptions: number },
): Channel[] {
  const channels: Channel[] = [];
  if (preferences.email && reach.hasEmail) channels.push('email');
  if (preferences.push && reach.pushSubscriptions > 0) channels.push('push');
  if (preferences.inApp) channels.push('in_app');
  return channels;
}
