import { randomUUID } from 'node:crypto';
import { appErrorOf, scenario } from '../core/testing/givenWhenThen';
import { RecordedEvent } from '../core/eventStore/types';
import type { DayOverrideProposedData } from '../adjustments/contracts';
import { MARK_READ_MAX, notificationIdFor, notificationInboxDecider } from './notification';
import { notificationsFor } from './notificationSources';

const USER = '11111111-1111-4111-8111-111111111111';
const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const NOW = '2026-03-02T09:00:00.000Z';
const inbox = (owned: string[], unread: string[]) =>
  scenario(notificationInboxDecider, { now: NOW, userId: USER, lookups: { owned: new Set(owned), unread: new Set(unread) } }).given();

describe('marking notifications read', () => {
  it('records the unread ones among those asked, once each, in the order asked', () => {
    expect(inbox([A, B], [A, B]).when({ type: 'MarkNotificationsRead', ids: [B, A.toUpperCase(), B] })).toEqual([
      { type: 'NotificationsRead', data: { userId: USER, ids: [B, A], at: NOW } },
    ]);
    expect(inbox([A, B], [B]).when({ type: 'MarkNotificationsRead', ids: [A, B] })[0].data.ids).toEqual([B]);
  });

  it('records nothing when all are read already, or none are asked', () => {
    expect(inbox([A], []).when({ type: 'MarkNotificationsRead', ids: [A] })).toEqual([]);
    expect(inbox([], []).when({ type: 'MarkNotificationsRead', ids: [] })).toEqual([]);
  });

  it("answers NOT_FOUND on the index of an id that is not the caller's, BAD_USER_INPUT on a malformed one or too many", () => {
    expect(appErrorOf(() => inbox([A], [A]).when({ type: 'MarkNotificationsRead', ids: [A, B] }))).toMatchObject({ code: 'NOT_FOUND', field: 'ids.1' });
    expect(appErrorOf(() => inbox([A], [A]).when({ type: 'MarkNotificationsRead', ids: ['x'] }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids.0' });
    const many = Array.from({ length: MARK_READ_MAX + 1 }, () => randomUUID());
    expect(appErrorOf(() => inbox(many, many).when({ type: 'MarkNotificationsRead', ids: many }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ids' });
  });
});

const event = (type: string, data: unknown, globalPosition = 42): RecordedEvent => ({
  globalPosition, streamId: 's-1', streamVersion: 1, type, schemaVersion: 1, data, metadata: {}, userId: USER, programId: null,
  idempotencyKey: null, recordedAt: new Date(NOW),
});

describe('notificationsFor', () => {
  const proposal = (status: string, reasons = [{ code: 'poor_sleep', message: 'You slept 4 hours.' }]) => ({
    overrideId: A, userId: USER, programId: B, date: '2026-03-04', status, overrideType: 'both', reasons,
    trainingOverride: { kind: 'rest', sessionId: null, exercises: [], estimatedMinutes: 0 }, nutritionOverride: null,
  }) as unknown as DayOverrideProposedData;

  it('turns a pending proposal into adjustment_proposed and an applied one into adjustment_auto_applied, with the first reason', () => {
    const [pending] = notificationsFor(event('DayOverrideProposed', proposal('pending')), undefined, NOW);
    expect(pending).toEqual({
      notificationId: notificationIdFor(42, 'adjustment_proposed'), userId: USER, kind: 'adjustment_proposed',
      title: 'Proposed for 2026-03-04: a rest day and new nutrition targets', body: 'You slept 4 hours.',
      data: { overrideId: A, date: '2026-03-04', programId: B }, sourcePosition: 42, createdAt: NOW,
    });
    const [applied] = notificationsFor(event('DayOverrideProposed', proposal('auto_applied', [])), undefined, NOW);
    expect(applied).toMatchObject({ kind: 'adjustment_auto_applied', notificationId: notificationIdFor(42, 'adjustment_auto_applied') });
    expect(applied.body).toBeTruthy();
  });

  it('makes nothing for other events, and no missed-session notice for a day without skipped sessions', () => {
    expect(notificationsFor(event('ConsultationStarted', {}), undefined, NOW)).toEqual([]);
    expect(notificationsFor(event('AdherenceDayClosed', { userId: USER, date: '2026-03-03' }), undefined, NOW)).toEqual([]);
    expect(notificationsFor(event('AdherenceDayClosed', { userId: USER, date: '2026-03-02' }), { sessionIds: [A, B], names: ['Upper A', 'Lower B'] }, NOW)[0])
      .toMatchObject({ kind: 'session_missed', title: 'Missed 2 sessions on 2026-03-02', data: { date: '2026-03-02', sessionIds: [A, B] } });
  });

  it('gives the same ids for the same source event, and others for another', () => {
    const again = notificationsFor(event('DayOverrideProposed', proposal('pending')), undefined, '2026-03-05T00:00:00.000Z');
    expect(again[0].notificationId).toBe(notificationIdFor(42, 'adjustment_proposed'));
    expect(notificationsFor(event('DayOverrideProposed', proposal('pending'), 43), undefined, NOW)[0].notificationId).not.toBe(again[0].notificationId);
  });
});
