import { Projection } from '../core/projections/projection';
import type { NotificationData } from '../adjustments/contracts';
import { NOTIFICATIONS_READ, NOTIFICATION_CREATED, NotificationsReadData } from './notification';

/**
 * notifications: one row per NotificationCreated, its position the event's global position (the
 * newest-first keyset), read_at set by the first NotificationsRead that names it. A notification
 * for someone without a profile (none is made through the API) is skipped, not an error.
 */
export const notificationProjection: Projection = {
  name: 'notifications',
  tables: ['notifications'],
  handles: [NOTIFICATION_CREATED, NOTIFICATIONS_READ],
  async apply(event, tx) {
    switch (event.type) {
      case NOTIFICATION_CREATED: {
        const n = event.data as NotificationData;
        await tx.query(
          `INSERT INTO notifications (id, user_id, kind, title, body, data, created_at, position, source_position)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE EXISTS (SELECT 1 FROM profiles WHERE id = $2)
           ON CONFLICT (id) DO NOTHING`,
          [n.notificationId, event.userId, n.kind, n.title, n.body, JSON.stringify(n.data ?? {}), n.createdAt, event.globalPosition, n.sourcePosition],
        );
        return;
      }
      case NOTIFICATIONS_READ: {
        const data = event.data as NotificationsReadData;
        await tx.query(
          `UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND id = ANY($2::uuid[]) AND read_at IS NULL`,
          [event.userId, data.ids ?? [], data.at],
        );
        return;
      }
      default:
        return;
    }
  },
};
