import { Decider, assertNever, unknownEvent } from '../core/decider';
import { badInput, notFound } from '../core/errors';
import { nameBasedId } from '../core/ids';
import type { NotificationData, NotificationKind } from '../adjustments/contracts';

/**
 * A notification tells a person about something that happened to their plan. Each is its own
 * stream, written once by the notification reactor (NotificationCreated at version 1); read
 * marks go to the person's inbox stream.
 */
export const notificationStream = (notificationId: string): string => `notification-${notificationId}`;
/** One user's read marks. */
export const notificationInboxStream = (userId: string): string => `notification-inbox-${userId}`;

/**
 * A notification's id is a function of the event it was made from and its kind: a second
 * attempt to create it (another reactor, a replayed batch) names the same stream at version 0
 * and loses the append race instead of creating a copy.
 */
export const notificationIdFor = (sourcePosition: number, kind: NotificationKind): string =>
  nameBasedId(`notification:${sourcePosition}:${kind}`);

export const NOTIFICATION_CREATED = 'NotificationCreated';
export const NOTIFICATIONS_READ = 'NotificationsRead';

export type NotificationEvent = { type: 'NotificationCreated'; data: NotificationData };

export interface NotificationsReadData {
  userId: string;
  /** The notifications this mark turned from unread to read. */
  ids: string[];
  at: string;
}

export type NotificationInboxEvent = { type: 'NotificationsRead'; data: NotificationsReadData };
export type NotificationInboxCommand = { type: 'MarkNotificationsRead'; ids: readonly string[] };

/** What markNotificationsRead looked up of the ids it was given. */
export interface InboxLookups {
  /** Those that are the caller's notifications. */
  owned: ReadonlySet<string>;
  /** Those of them still unread. */
  unread: ReadonlySet<string>;
}

/** The most ids one markNotificationsRead takes (the size of the largest page of notifications). */
export const MARK_READ_MAX = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The ids a mark may name: at most MARK_READ_MAX, each a notification id (lower-case UUID,
 * others are normalised). Returns them normalised, in the order given, without repeats.
 */
export function checkMarkReadIds(ids: readonly string[]): string[] {
  if (ids.length > MARK_READ_MAX) throw badInput('ids', `mark at most ${MARK_READ_MAX} notifications at once, got ${ids.length}`);
  const seen = new Set<string>();
  ids.forEach((raw, i) => {
    const id = raw.toLowerCase();
    if (!UUID.test(id)) throw badInput(`ids.${i}`, 'not a notification id');
    seen.add(id);
  });
  return [...seen];
}

/**
 * The inbox: read marks need no state of their own (which ids are the caller's and unread is
 * looked up in the read model, and a retry of a lost race looks again), so the stream is folded
 * without its data.
 */
export const notificationInboxDecider: Decider<Record<string, never>, NotificationInboxCommand, NotificationInboxEvent, InboxLookups> = {
  initialState: {},
  omitDataKeys: ['ids'],
  evolve(state, event) {
    switch (event.type) {
      case 'NotificationsRead':
        return state;
      default:
        return unknownEvent(event.type as never, state);
    }
  },
  decide(command, _state, context) {
    switch (command.type) {
      case 'MarkNotificationsRead': {
        const ids = checkMarkReadIds(command.ids);
        // Someone else's notification answers exactly like an unknown one.
        const missing = command.ids.findIndex((id) => !context.lookups.owned.has(id.toLowerCase()));
        if (missing >= 0) throw notFound('notification', `ids.${missing}`);
        // Marking a read notification again changes nothing and records nothing.
        const unread = ids.filter((id) => context.lookups.unread.has(id));
        return unread.length ? [{ type: 'NotificationsRead', data: { userId: context.userId, ids: unread, at: context.now } }] : [];
      }
      default:
        return assertNever(command.type as never);
    }
  },
};
