import { SqlExecutor } from '../core/db/sql';
import { Projection } from '../core/projections/projection';
import { RecordedEvent } from '../core/eventStore/types';
import { ProgramGeneratedData } from './program';

/**
 * Writes a generated program's snapshot: the program row, its sessions, exercises, meals, meal
 * items and calendar rows, each table in one INSERT from a JSON array (six statements for a
 * whole program, whatever its size), and retires the superseded program's days from its start.
 */
async function programGenerated(data: ProgramGeneratedData, tx: SqlExecutor): Promise<void> {
  if (data.supersedes) {
    await tx.query(
      `UPDATE programs SET status = 'superseded', superseded_from = $2, updated_at = $3 WHERE id = $1`,
      [data.supersedes.programId, data.supersedes.from, data.at],
    );
    await tx.query('DELETE FROM calendar_events WHERE program_id = $1 AND date >= $2', [data.supersedes.programId, data.supersedes.from]);
  }
  await tx.query(
    `INSERT INTO programs (id, user_id, consultation_id, status, generator_version, start_date, end_date, weeks, targets,
                           next_reassessment_date, created_at, updated_at)
     VALUES ($1, $2, $3, 'active', $4, $5, $6, $7, $8, $9, $10, $10) ON CONFLICT (id) DO NOTHING`,
    [data.programId, data.userId, data.consultationId, data.generatorVersion, data.startDate, data.endDate, data.weeks,
      JSON.stringify({ ...data.targets, split: data.split, timeZone: data.timeZone }), data.nextReassessmentDate, data.at],
  );
  const sessions = data.bundle?.sessions ?? [];
  const meals = data.bundle?.meals ?? [];
  await tx.query(
    `INSERT INTO session_instances (id, program_id, week, day, date, name, focus, is_deload, estimated_minutes)
     SELECT s.id, $2, s.week, s.day, s.date, s.name, s.focus, s."isDeload", s."estimatedMinutes"
     FROM json_to_recordset($1::json) AS s(id uuid, week int, day int, date date, name text, focus text, "isDeload" boolean,
          "estimatedMinutes" int)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(sessions.map(({ exercises: _e, ...session }) => session)), data.programId],
  );
  await tx.query(
    `INSERT INTO exercise_plan_items (id, session_instance_id, exercise_id, position, sets, reps_min, reps_max, target_rir,
                                      rest_seconds, load_kg, notes)
     SELECT e.id, e."sessionId", e."exerciseId", e.position, e.sets, e."repsMin", e."repsMax", e."targetRir", e."restSeconds",
            e."loadKg", e.notes
     FROM json_to_recordset($1::json) AS e(id uuid, "sessionId" uuid, "exerciseId" text, position int, sets int, "repsMin" int,
          "repsMax" int, "targetRir" int, "restSeconds" int, "loadKg" numeric, notes text)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(sessions.flatMap((session) => session.exercises.map((item) => ({ ...item, sessionId: session.id }))))],
  );
  await tx.query(
    `INSERT INTO meal_instances (id, program_id, week, day, date, slot, name, kcal, protein_g, carbs_g, fat_g)
     SELECT m.id, $2, m.week, m.day, m.date, m.slot, m.name, m.kcal, m."proteinG", m."carbsG", m."fatG"
     FROM json_to_recordset($1::json) AS m(id uuid, week int, day int, date date, slot int, name text, kcal numeric,
          "proteinG" numeric, "carbsG" numeric, "fatG" numeric)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(meals.map(({ items: _i, ...meal }) => meal)), data.programId],
  );
  await tx.query(
    `INSERT INTO meal_item_plan (id, meal_instance_id, food_id, position, grams, kcal, protein_g, carbs_g, fat_g)
     SELECT i.id, i."mealId", i."foodId", i.position, i.grams, i.kcal, i."proteinG", i."carbsG", i."fatG"
     FROM json_to_recordset($1::json) AS i(id uuid, "mealId" uuid, "foodId" text, position int, grams numeric, kcal numeric,
          "proteinG" numeric, "carbsG" numeric, "fatG" numeric)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(meals.flatMap((meal) => meal.items.map((item) => ({ ...item, mealId: meal.id }))))],
  );
  // Calendar rows reuse the session's or meal's id: one row each, stable across rebuilds.
  await tx.query(
    `INSERT INTO calendar_events (id, user_id, program_id, date, event_type, title, session_instance_id, meal_instance_id)
     SELECT c.id, $2, $3, c.date, c.kind, c.title, CASE WHEN c.kind = 'session' THEN c.id END, CASE WHEN c.kind = 'meal' THEN c.id END
     FROM json_to_recordset($1::json) AS c(id uuid, date date, kind text, title text)
     ON CONFLICT (id) DO NOTHING`,
    [
      JSON.stringify([
        ...sessions.map((s) => ({ id: s.id, date: s.date, kind: 'session', title: s.name })),
        ...meals.map((m) => ({ id: m.id, date: m.date, kind: 'meal', title: m.name })),
      ]),
      data.userId,
      data.programId,
    ],
  );
}

export const programProjection: Projection = {
  name: 'programs',
  tables: ['programs', 'session_instances', 'exercise_plan_items', 'meal_instances', 'meal_item_plan', 'calendar_events'],
  handles: ['ProgramGenerated'],
  async apply(event: RecordedEvent, tx) {
    if (event.type === 'ProgramGenerated') await programGenerated(event.data as ProgramGeneratedData, tx);
  },
};
