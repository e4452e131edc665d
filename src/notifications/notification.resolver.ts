import { Arg, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { handle } from '../core/commandHandler';
import { GraphQLContext, requireUser } from '../server/context';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from '../reference/connection';
import { InboxLookups, MARK_READ_MAX, checkMarkReadIds, notificationInboxDecider, notificationInboxStream } from './notification';
import { listNotifications, notificationsById, unreadCount } from './notification.queries';
import { Notification, NotificationConnection } from './notification.types';

export const NOTIFICATION_ADDED = 'NOTIFICATION_ADDED';

@Resolver()
export class NotificationResolver {
  @Query(() => NotificationConnection, {
    complexity: ({ args, childComplexity }) => 1 + Math.min(PAGE_SIZE_MAX, Math.max(1, Number(args.first) || PAGE_SIZE_DEFAULT)) * childComplexity,
    description: 'Your notifications, newest first' })
  notifications(
    @Arg('first', () => Int, { defaultValue: PAGE_SIZE_DEFAULT, description: `Page size, 1-${PAGE_SIZE_MAX}` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page' }) after: string | null,
    @Arg('unreadOnly', () => Boolean, { defaultValue: false, description: 'Only those not marked read' }) unreadOnly: boolean,
    @Ctx() context: GraphQLContext,
  ): Promise<NotificationConnection> {
    const userId = requireUser(context).id;
    return listNotifications(context.services.db.sql.asUser(userId), userId, first, after, unreadOnly);
  }

  @Query(() => Int, { description: 'How many of your notifications are unread' })
  unreadNotificationCount(@Ctx() context: GraphQLContext): Promise<number> {
    const userId = requireUser(context).id;
    return unreadCount(context.services.db.sql.asUser(userId), userId);
  }

  @Mutation(() => [Notification], {
    description: `Marks notifications read (at most ${MARK_READ_MAX}) and returns them, in the order given; marking a read one again changes nothing` })
  async markNotificationsRead(
    @Arg('ids', () => [ID], { description: 'Ids of your notifications; another user\'s or an unknown one is NOT_FOUND and nothing is marked' }) ids: string[],
    @Ctx() context: GraphQLContext,
  ): Promise<Notification[]> {
    const userId = requireUser(context).id;
    const wanted = checkMarkReadIds(ids);
    const sql = context.services.db.sql.asUser(userId);
    const lookups = async (): Promise<InboxLookups> => {
      const { rows } = await sql.query<{ id: string; unread: boolean }>(
        'SELECT id, read_at IS NULL AS unread FROM notifications WHERE user_id = $1 AND id = ANY($2::uuid[])', [userId, wanted]);
      return { owned: new Set(rows.map((r) => r.id)), unread: new Set(rows.filter((r) => r.unread).map((r) => r.id)) };
    };
    if (wanted.length > 0) {
      await handle(context.services.store, notificationInboxStream(userId), notificationInboxDecider, { type: 'MarkNotificationsRead', ids }, {
        userId, now: context.services.clock.now().toISOString(), lookups: await lookups(), reloadLookups: lookups, metadata: { actor: userId },
      });
    }
    return notificationsById(sql, userId, wanted);
  }

  @Subscription(() => Notification, {
    description: 'Your new notifications as they are created (live only: nothing is replayed on connect; read the list for what came before)',
    topics: NOTIFICATION_ADDED,
    topicId: ({ context }) => requireUser(context as GraphQLContext).id,
  })
  notificationAdded(@Root() notification: Notification): Notification {
    return notification;
  }
}
