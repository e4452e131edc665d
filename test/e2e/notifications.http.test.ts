import { randomUUID } from 'node:crypto';
import { resetData } from '../../src/core/testing/testDatabase';
import { proposeOverride, reactorFor, turnUntil, userWithProgram } from '../../src/notifications/notification.fixtures';
import { MARK_READ_MAX } from '../../src/notifications/notification';
import { startTestServer, TestServer } from '../support/testServer';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer(); // no reactor of its own: the tests turn one by hand
});
afterAll(async () => t?.stop());
beforeEach(async () => {
  await resetData(t.db);
  t.clock.set('2026-03-02T09:00:00.000Z');
});

const LIST = `query($first: Int, $after: String, $unreadOnly: Boolean) {
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    edges { cursor node { id kind title body read readAt createdAt programId overrideId date sessionIds data } }
    pageInfo { hasNextPage endCursor }
  }
  unreadNotificationCount
}`;
const MARK = `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) { id read readAt } }`;

const notificationCount = async () => (await t.db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications')).rows[0].n;

/** A user with a program and `proposals` pending proposals: 1 + proposals notifications, oldest first. */
async function userWithNotifications(proposals: number): Promise<{ userId: string; token: string; overrideIds: string[]; programId: string }> {
  const { userId, programId } = await userWithProgram(t.services);
  const overrideIds: string[] = [];
  for (let i = 0; i < proposals; i++) {
    overrideIds.push((await proposeOverride(t.services.store, userId, programId, `2026-03-${String(10 + i).padStart(2, '0')}`, 'pending')).overrideId);
  }
  const before = await notificationCount();
  const want = before + 1 + proposals;
  await turnUntil(reactorFor(t.services), `${want} notifications`, async () => (await notificationCount()) >= want);
  return { userId, token: await t.token(userId), overrideIds, programId };
}

describe('notifications over HTTP', () => {
  it('pages newest first with stable cursors, and a new notification does not move a later page', async () => {
    const { userId, token, overrideIds, programId } = await userWithNotifications(4);
    const first = await t.gql(LIST, { first: 2 }, token);
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.notifications;
    expect(page1.edges.map((e: any) => e.node.overrideId)).toEqual([overrideIds[3], overrideIds[2]]);
    expect(page1.edges[0].node).toMatchObject({ kind: 'ADJUSTMENT_PROPOSED', read: false, readAt: null, date: '2026-03-13', sessionIds: [] });
    expect(page1.pageInfo.hasNextPage).toBe(true);
    expect(first.data!.unreadNotificationCount).toBe(5);

    // A newer notification arrives between pages: the next page continues where the first ended.
    await proposeOverride(t.services.store, userId, programId, '2026-03-20', 'auto_applied');
    await turnUntil(reactorFor(t.services), 'six notifications', async () => (await notificationCount()) === 6);

    const page2 = (await t.gql(LIST, { first: 2, after: page1.pageInfo.endCursor }, token)).data!.notifications;
    expect(page2.edges.map((e: any) => e.node.overrideId)).toEqual([overrideIds[1], overrideIds[0]]);
    const page3 = (await t.gql(LIST, { first: 2, after: page2.pageInfo.endCursor }, token)).data!.notifications;
    expect(page3.edges.map((e: any) => e.node.kind)).toEqual(['PROGRAM_READY']);
    expect(page3.edges[0].node).toMatchObject({ programId, title: 'Your 4-week program is ready', data: { programId, startDate: '2026-03-02' } });
    expect(page3.pageInfo).toEqual({ hasNextPage: false, endCursor: page3.edges[0].cursor });
    const newest = (await t.gql(LIST, { first: 1 }, token)).data!.notifications.edges[0].node;
    expect(newest).toMatchObject({ kind: 'ADJUSTMENT_AUTO_APPLIED', date: '2026-03-20' });
  });

  it('marks read, counts unread, lists unread only; marking again records nothing', async () => {
    const { token } = await userWithNotifications(3);
    const all = (await t.gql(LIST, { first: 10 }, token)).data!.notifications.edges.map((e: any) => e.node.id);
    t.clock.set('2026-03-02T10:00:00.000Z');
    const marked = await t.gql(MARK, { ids: [all[1], all[3], all[1].toUpperCase()] }, token);
    expect(marked.errors).toBeUndefined();
    expect(marked.data!.markNotificationsRead).toEqual([
      { id: all[1], read: true, readAt: '2026-03-02T10:00:00.000Z' }, { id: all[3], read: true, readAt: '2026-03-02T10:00:00.000Z' },
    ]);
    const after = await t.gql(LIST, { first: 10, unreadOnly: true }, token);
    expect(after.data!.unreadNotificationCount).toBe(2);
    expect(after.data!.notifications.edges.map((e: any) => e.node.id)).toEqual([all[0], all[2]]);

    const events = await t.eventCount();
    t.clock.set('2026-03-02T11:00:00.000Z');
    const again = await t.gql(MARK, { ids: [all[3]] }, token);
    expect(again.data!.markNotificationsRead).toEqual([{ id: all[3], read: true, readAt: '2026-03-02T10:00:00.000Z' }]);
    expect(await t.eventCount()).toBe(events);
    expect((await t.gql(MARK, { ids: [] }, token)).data!.markNotificationsRead).toEqual([]);
    expect(await t.eventCount()).toBe(events);
  });

  it("answers NOT_FOUND for someone else's notification (or an unknown one) and marks nothing", async () => {
    const mine = await userWithNotifications(1);
    const theirs = await userWithNotifications(0);
    const myIds = (await t.gql(LIST, {}, mine.token)).data!.notifications.edges.map((e: any) => e.node.id);
    const theirId = (await t.gql(LIST, {}, theirs.token)).data!.notifications.edges[0].node.id;
    const events = await t.eventCount();
    for (const ids of [[myIds[0], theirId], [myIds[0], randomUUID()]]) {
      const answer = await t.gql(MARK, { ids }, mine.token);
      expect(answer.data).toBeNull();
      expect(answer.errors![0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'ids.1' });
    }
    expect(await t.eventCount()).toBe(events);
    expect((await t.gql(LIST, {}, mine.token)).data!.unreadNotificationCount).toBe(2);
    expect((await t.gql(LIST, {}, theirs.token)).data!.unreadNotificationCount).toBe(1);
    // Nor does the other user see mine in their list.
    expect((await t.gql(LIST, {}, theirs.token)).data!.notifications.edges.map((e: any) => e.node.id)).toEqual([theirId]);
  });

  it('refuses a bad page size, a foreign cursor, a malformed id and too many ids', async () => {
    const token = await t.token(randomUUID());
    for (const first of [0, 101, -1]) {
      const answer = await t.gql(LIST, { first }, token);
      expect(answer.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    }
    const foreign = Buffer.from('activity:2026-03-02T09:00:00.000Z|x', 'utf8').toString('base64url');
    for (const after of [foreign, 'not a cursor', Buffer.from('notification:abc').toString('base64url')]) {
      expect((await t.gql(LIST, { after }, token)).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
    const events = await t.eventCount();
    expect((await t.gql(MARK, { ids: [randomUUID(), 'nope'] }, token)).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids.1' });
    const tooMany = Array.from({ length: MARK_READ_MAX + 1 }, () => randomUUID());
    expect((await t.gql(MARK, { ids: tooMany }, token)).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
    expect(await t.eventCount()).toBe(events);
  });

  it('needs a token', async () => {
    const answer = await t.gql('{ unreadNotificationCount }');
    expect(answer.status).toBe(401);
    expect(answer.errors![0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});
