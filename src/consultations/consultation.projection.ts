import { SqlExecutor } from '../core/db/sql';
import { EventOf, Projection } from '../core/projections/projection';
import { RecordedEvent } from '../core/eventStore/types';
import { unknownEvent } from '../core/decider';
import { AnswerName, ConsultationEvent, DraftAnswers } from './consultation';

/** Column of consultation_sessions for each answer. */
const COLUMN: Record<AnswerName, string> = {
  sex: 'sex', birthDate: 'birth_date', heightCm: 'height_cm', weightKg: 'weight_kg', bodyFatPct: 'body_fat_pct',
  goal: 'goal', targetRatePctPerWeek: 'target_rate_pct', experience: 'experience',
  trainingDaysPerWeek: 'training_days_per_week', preferredWeekdays: 'preferred_weekdays',
  sessionMinutes: 'session_minutes', equipment: 'equipment', injuries: 'injuries',
  excludedExercises: 'excluded_exercises', activityLevel: 'activity_level', dietType: 'diet_type',
  allergies: 'allergies', excludedFoods: 'excluded_foods', mealsPerDay: 'meals_per_day', timeZone: 'time_zone',
  startDate: 'start_date', programWeeks: 'program_weeks', lifts: 'lifts',
};

const LIST_ANSWERS = new Set<AnswerName>([
  'preferredWeekdays', 'equipment', 'injuries', 'excludedExercises', 'allergies', 'excludedFoods',
]);

/** The answers given in an event as (column, value) pairs; a cleared list is stored empty. */
function columns(answers: DraftAnswers): Array<[string, unknown]> {
  return (Object.keys(COLUMN) as AnswerName[])
    .filter((name) => answers[name] !== undefined)
    .map((name) => [
      COLUMN[name],
      name === 'lifts' ? JSON.stringify(answers.lifts ?? []) : LIST_ANSWERS.has(name) ? (answers[name] ?? []) : answers[name],
    ]);
}

async function updateAnswers(
  tx: SqlExecutor,
  event: RecordedEvent,
  consultationId: string,
  answers: DraftAnswers,
  at: string,
  extra: Array<[string, unknown]>,
): Promise<void> {
  const pairs: Array<[string, unknown]> = [...columns(answers), ...extra, ['version', event.streamVersion], ['updated_at', at]];
  const set = pairs.map(([column], i) => `${column} = $${i + 2}`).join(', ');
  await tx.query(`UPDATE consultation_sessions SET ${set} WHERE id = $1`, [consultationId, ...pairs.map(([, value]) => value)]);
}

type Event = EventOf<ConsultationEvent>;
// Times come from the event's `at` (the command's clock), not from recorded_at, so a replay on
// another day writes the same rows.

export const consultationProjection: Projection = {
  name: 'consultations',
  tables: ['consultation_sessions'],
  handles: ['ConsultationStarted', 'ConsultationUpdated', 'ConsultationCompleted'],
  async apply(recorded: RecordedEvent, tx: SqlExecutor): Promise<void> {
    const event = recorded as Event;
    switch (event.type) {
      case 'ConsultationStarted': {
        const pairs: Array<[string, unknown]> = [
          ['id', event.data.consultationId], ['user_id', event.data.userId], ['status', 'in_progress'],
          ['version', event.streamVersion], ['created_at', event.data.at], ['updated_at', event.data.at],
          ...columns(event.data.answers ?? {}),
        ];
        await tx.query(
          `INSERT INTO consultation_sessions (${pairs.map(([column]) => column).join(', ')})
           VALUES (${pairs.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT (id) DO NOTHING`,
          pairs.map(([, value]) => value),
        );
        return;
      }
      case 'ConsultationUpdated':
        return updateAnswers(tx, event, event.data.consultationId, event.data.changes ?? {}, event.data.at, []);
      case 'ConsultationCompleted':
        return updateAnswers(tx, event, event.data.consultationId, event.data.answers ?? {}, event.data.at, [
          ['status', 'completed'], ['completed_at', event.data.at],
        ]);
      default:
        unknownEvent(event, undefined);
    }
  },
};
