import type { NewEvent } from '@edu/platform/events';
import type { Channel, NotificationType } from '../domain/notification-types.ts';

/** NOTIFICATION_SENT: a notification was recorded, with the channels it goes out on. */
export function notificationSent(sent: {
  notificationId: string;
  userId: string;
  type: NotificationType;
  channels: Channel[];
}): NewEvent {
  return {
    type: 'NOTIFICATION_SENT',
    key: sent.userId,
    data: {
      notificationId: sent.notificationId,
      userId: sent.userId,
      type: sent.type,
      channels: sent.channels,
    },
  };
}
