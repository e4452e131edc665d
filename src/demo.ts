import { handle } from './core/commandHandler';
import { ConsultationAnswers, consultationStream } from './consultations/consultation';
import { programsStream } from './programs/program';
import { programDecider } from './programs/program.decide';
import { consultationDecider } from './consultations/consultation.decide';
import { localDate } from './consultations/consultation.rules';
import { profileDecider, userStream } from './profiles/profile';
import { Services } from './services';

/** The demo user `npm start` seeds on the embedded database and prints a token for. */
export const DEMO_USER_ID = 'de300000-0000-4000-8000-000000000001';
export const DEMO_EMAIL = 'demo@example.com';

/**
 * Gives the demo user a completed consultation and its program, through the same commands and events as the
 * API (so rebuilds reproduce it). Does nothing when the demo user already has one.
 */
export async function seedDemo(services: Services): Promise<{ consultationId: string; created: boolean }> {
  const { rows } = await services.db.sql.query<{ id: string }>(
    "SELECT id FROM consultation_sessions WHERE user_id = $1 AND status = 'completed' ORDER BY created_at LIMIT 1",
    [DEMO_USER_ID],
  );
  if (rows[0]) return { consultationId: rows[0].id, created: false };
  const now = services.clock.now().toISOString();
  const options = { userId: DEMO_USER_ID, now, lookups: services.lookups, metadata: { actor: 'demo-seed' } };
  await handle(services.store, userStream(DEMO_USER_ID), profileDecider, { type: 'RegisterProfile', userId: DEMO_USER_ID, email: DEMO_EMAIL }, { ...options, lookups: undefined });
  const consultationId = services.newId();
  const stream = consultationStream(consultationId);
  await handle(services.store, stream, consultationDecider, {
    type: 'StartConsultation',
    consultationId,
    answers: {
      sex: 'MALE', birthDate: '1995-05-17', heightCm: 180, weightKg: 80, goal: 'FAT_LOSS', targetRatePctPerWeek: 0.5,
      experience: 'INTERMEDIATE', trainingDaysPerWeek: 4, preferredWeekdays: ['MONDAY', 'TUESDAY', 'THURSDAY', 'FRIDAY'],
      sessionMinutes: 60, equipment: ['barbell', 'dumbbell', 'bench', 'cable', 'machine', 'pullup_bar'], injuries: [],
      activityLevel: 'MODERATE', dietType: 'OMNIVORE', allergies: [], mealsPerDay: 4, timeZone: 'Europe/London',
      startDate: localDate(now, 'Europe/London'), programWeeks: 12,
    },
  }, options);
  const completed = await handle(services.store, stream, consultationDecider, { type: 'CompleteConsultation', consultationId }, options);
  const answers = completed.state.status === 'completed' ? (completed.state.answers as ConsultationAnswers) : null;
  if (!answers) throw new Error('the demo consultation did not complete');
  const programId = services.newId();
  await handle(services.store, programsStream(DEMO_USER_ID), programDecider, {
    type: 'GenerateProgram', programId, consultationId, answers, startDate: answers.startDate, weeks: answers.programWeeks,
  }, { ...options, lookups: undefined, programId });
  return { consultationId, created: true };
}
