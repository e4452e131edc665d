import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { handle } from '../core/commandHandler';
import { EventStore } from '../core/eventStore/eventStore';
import { consultationStream } from '../consultations/consultation';
import { consultationDecider } from '../consultations/consultation.decide';
import { profileDecider, userStream } from '../profiles/profile';
import { completeWithProgram } from '../programs/program.service';
import { dayOverrideStream, DayOverrideProposedData } from '../adjustments/contracts';
import type { Services } from '../services';
import { NotificationReactor, ReactorOptions } from './notificationReactor';

/** Test helpers for the notification slice: users with a program, proposals, reactors. */

/** Trains Monday, Wednesday and Friday from Monday 2026-03-02, for 4 weeks. */
export const ANSWERS = {
  sex: 'FEMALE', birthDate: '1992-07-14', heightCm: 165, weightKg: 68, goal: 'MAINTENANCE', experience: 'BEGINNER',
  trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 45, equipment: ['dumbbell', 'bench'],
  injuries: [], activityLevel: 'LIGHT', dietType: 'OMNIVORE', allergies: [], mealsPerDay: 3, timeZone: 'UTC',
  startDate: '2026-03-02', programWeeks: 4,
} as const;

export async function registerUser(services: Services, userId = randomUUID()): Promise<string> {
  await handle(services.store, userStream(userId), profileDecider, { type: 'RegisterProfile', userId, email: null }, {
    userId, now: services.clock.now().toISOString(), lookups: undefined,
  });
  return userId;
}

/** A registered user who completed a consultation: one ProgramGenerated in the log. */
export async function userWithProgram(services: Services, userId = randomUUID()): Promise<{ userId: string; programId: string }> {
  await registerUser(services, userId);
  const consultationId = randomUUID();
  await handle(services.store, consultationStream(consultationId), consultationDecider,
    { type: 'StartConsultation', consultationId, answers: ANSWERS as never }, { userId, now: services.clock.now().toISOString(), lookups: services.lookups });
  const context = { services, user: { id: userId, email: null }, requestId: randomUUID(), log: services.logger };
  const { program } = await completeWithProgram(context, consultationId, null);
  return { userId, programId: program.id };
}

/** Appends a DayOverrideProposed as the adjustment slice would (task C owns the real command). */
export async function proposeOverride(
  store: EventStore, userId: string, programId: string, date: string, status: 'pending' | 'auto_applied',
): Promise<DayOverrideProposedData> {
  const data: DayOverrideProposedData = {
    overrideId: randomUUID(), userId, programId, date, status, trigger: 'context', at: '2026-03-02T09:00:00.000Z',
    overrideType: 'training', nutritionOverride: null, confidence: 0.85, rulesVersion: 1, inputsHash: 'test',
    trainingOverride: { kind: 'lighter', sessionId: null, exercises: [], estimatedMinutes: 30 },
    reasons: [{ code: 'low_readiness', message: 'You slept 4 hours and feel sore, so today is lighter.' },
      { code: 'second', message: 'A second reason.' }],
  };
  const stream = dayOverrideStream(userId, date);
  const version = (await store.readStream(stream)).length;
  await store.append(stream, version, [{ type: 'DayOverrideProposed', data }], { userId, programId });
  return data;
}

export function reactorFor(services: Services, options: Partial<ReactorOptions> = {}): NotificationReactor {
  return new NotificationReactor({
    store: services.store, sql: services.db.sql, clock: services.clock, logger: pino({ level: 'silent' }), intervalMs: 20, ...options,
  });
}

/**
 * Takes turns until the condition holds. Not "until a turn reads nothing": on a shared
 * PostgreSQL server another database's open transaction can hold the safe horizon back for a
 * moment, and a turn then reads nothing although events are there.
 */
export async function turnUntil(
  reactor: NotificationReactor, what: string, condition: () => Promise<boolean>, options: { tolerateErrors?: boolean; timeoutMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    await reactor.turn().catch((error) => {
      if (!options.tolerateErrors) throw error;
    });
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
