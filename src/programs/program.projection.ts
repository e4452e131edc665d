import { SqlExecutor } from '../core/db/sql';
import { Projection } from '../core/projections/projection';
import { RecordedEvent } from '../core/eventStore/types';
import { ProgramGeneratedData, StoredMeal, StoredSession } from './program';
import type { PlanChangedByPersonData, PlanDiff, ReassessmentAppliedData } from './planChange.contracts';

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
                           next_reassessment_date, created_at, updated_at, targets_history)
     VALUES ($1, $2, $3, 'active', $4, $5, $6, $7, $8, $9, $10, $10, $11) ON CONFLICT (id) DO NOTHING`,
    [data.programId, data.userId, data.consultationId, data.generatorVersion, data.startDate, data.endDate, data.weeks,
      JSON.stringify({ ...data.targets, split: data.split, timeZone: data.timeZone }), data.nextReassessmentDate, data.at,
      JSON.stringify([{ from: data.startDate, targets: data.targets }])],
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

const sessionRows = (sessions: readonly StoredSession[]) => JSON.stringify(sessions.map(({ exercises: _e, ...session }) => session));
const exerciseRows = (sessions: readonly StoredSession[]) =>
  JSON.stringify(sessions.flatMap((session) => session.exercises.map((item) => ({ ...item, sessionId: session.id }))));
const mealRows = (meals: readonly StoredMeal[]) => JSON.stringify(meals.map(({ items: _i, ...meal }) => meal));
const itemRows = (meals: readonly StoredMeal[]) => JSON.stringify(meals.flatMap((meal) => meal.items.map((item) => ({ ...item, mealId: meal.id }))));

/**
 * The calendar rows of changed sessions or meals: moved with them, and none on the days a newer
 * program has taken over (from the program's superseded_from on), as a generation leaves it.
 * A row whose day and title stay (a reassessment's rescaled meals) is not rewritten.
 */
async function upsertCalendarRows(tx: SqlExecutor, kind: 'session' | 'meal', rows: Array<{ id: string; date: string; name: string }>, userId: string, programId: string): Promise<void> {
  await tx.query(
    `WITH p AS (SELECT coalesce(superseded_from, 'infinity'::date) AS until FROM programs WHERE id = $3),
          x AS (SELECT * FROM json_to_recordset($1::json) AS x(id uuid, date date, name text)),
          gone AS (DELETE FROM calendar_events c USING x, p WHERE c.id = x.id AND x.date >= p.until)
     INSERT INTO calendar_events (id, user_id, program_id, date, event_type, title, session_instance_id, meal_instance_id)
     SELECT x.id, $2, $3, x.date, $4, x.name, CASE WHEN $4 = 'session' THEN x.id END, CASE WHEN $4 = 'meal' THEN x.id END
     FROM x, p WHERE x.date < p.until
     ON CONFLICT (id) DO UPDATE SET date = EXCLUDED.date, title = EXCLUDED.title
       WHERE (calendar_events.date, calendar_events.title) IS DISTINCT FROM (EXCLUDED.date, EXCLUDED.title)`,
    [JSON.stringify(rows.map(({ id, date, name }) => ({ id, date, name }))), userId, programId, kind],
  );
}

/**
 * A change to a program after its generation (the person's own, or a reassessment's): the diff's
 * sessions and meals written whole by id (their exercises or items replaced, ids kept), removed
 * sessions deleted (their exercises and calendar rows go with them), the targets history and the
 * version moved on. A statement per kind of row the diff holds: nothing for what it leaves alone.
 */
async function planChanged(
  data: { programId: string; userId: string; diff: PlanDiff; at: string },
  version: number,
  nextReassessmentDate: string | null,
  tx: SqlExecutor,
  mealsStayPut = false,
): Promise<void> {
  const diff: PlanDiff = {
    sessions: data.diff?.sessions ?? [], meals: data.diff?.meals ?? [], removedSessionIds: data.diff?.removedSessionIds ?? [], targets: data.diff?.targets ?? null,
  };
  // The new targets: entries from their day on give way (applyTargets), and they become the program's targets going forward.
  await tx.query(
    `UPDATE programs SET version = greatest(version, $2), updated_at = $3,
       next_reassessment_date = coalesce($4::date, next_reassessment_date),
       targets_history = CASE WHEN $5::jsonb IS NULL THEN targets_history ELSE
         coalesce((SELECT jsonb_agg(e ORDER BY e->>'from') FROM jsonb_array_elements(targets_history) e WHERE e->>'from' < $5::jsonb->>'from'), '[]'::jsonb)
         || jsonb_build_array($5::jsonb) END,
       targets = CASE WHEN $5::jsonb IS NULL THEN targets ELSE
         ($5::jsonb->'targets') || jsonb_strip_nulls(jsonb_build_object('split', targets->'split', 'timeZone', targets->'timeZone')) END
     WHERE id = $1`,
    [data.programId, version, data.at, nextReassessmentDate, diff.targets ? JSON.stringify(diff.targets) : null],
  );
  if (diff.removedSessionIds.length > 0) {
    await tx.query('DELETE FROM session_instances WHERE program_id = $1 AND id = ANY($2::uuid[])', [data.programId, diff.removedSessionIds]);
  }
  const sessions = diff.sessions.filter((s) => !diff.removedSessionIds.includes(s.id));
  if (sessions.length > 0) {
    await tx.query(
      `INSERT INTO session_instances (id, program_id, week, day, date, name, focus, is_deload, estimated_minutes)
       SELECT s.id, $2, s.week, s.day, s.date, s.name, s.focus, s."isDeload", s."estimatedMinutes"
       FROM json_to_recordset($1::json) AS s(id uuid, week int, day int, date date, name text, focus text, "isDeload" boolean,
            "estimatedMinutes" int)
       ON CONFLICT (id) DO UPDATE SET week = EXCLUDED.week, day = EXCLUDED.day, date = EXCLUDED.date, name = EXCLUDED.name,
         focus = EXCLUDED.focus, is_deload = EXCLUDED.is_deload, estimated_minutes = EXCLUDED.estimated_minutes`,
      [sessionRows(sessions), data.programId],
    );
    await tx.query(
      `WITH e AS (SELECT * FROM json_to_recordset($1::json) AS e(id uuid, "sessionId" uuid, "exerciseId" text, position int, sets int,
                    "repsMin" int, "repsMax" int, "targetRir" int, "restSeconds" int, "loadKg" numeric, notes text)),
            gone AS (DELETE FROM exercise_plan_items i WHERE i.session_instance_id = ANY($2::uuid[]) AND i.id NOT IN (SELECT id FROM e))
       INSERT INTO exercise_plan_items (id, session_instance_id, exercise_id, position, sets, reps_min, reps_max, target_rir,
                                        rest_seconds, load_kg, notes)
       SELECT e.id, e."sessionId", e."exerciseId", e.position, e.sets, e."repsMin", e."repsMax", e."targetRir", e."restSeconds", e."loadKg", e.notes
       FROM e
       ON CONFLICT (id) DO UPDATE SET session_instance_id = EXCLUDED.session_instance_id, exercise_id = EXCLUDED.exercise_id,
         position = EXCLUDED.position, sets = EXCLUDED.sets, reps_min = EXCLUDED.reps_min, reps_max = EXCLUDED.reps_max,
         target_rir = EXCLUDED.target_rir, rest_seconds = EXCLUDED.rest_seconds, load_kg = EXCLUDED.load_kg, notes = EXCLUDED.notes`,
      [exerciseRows(sessions), sessions.map((s) => s.id)],
    );
    await upsertCalendarRows(tx, 'session', sessions, data.userId, data.programId);
  }
  if (diff.meals.length > 0) {
    await tx.query(
      `INSERT INTO meal_instances (id, program_id, week, day, date, slot, name, kcal, protein_g, carbs_g, fat_g)
       SELECT m.id, $2, m.week, m.day, m.date, m.slot, m.name, m.kcal, m."proteinG", m."carbsG", m."fatG"
       FROM json_to_recordset($1::json) AS m(id uuid, week int, day int, date date, slot int, name text, kcal numeric,
            "proteinG" numeric, "carbsG" numeric, "fatG" numeric)
       ON CONFLICT (id) DO UPDATE SET week = EXCLUDED.week, day = EXCLUDED.day, date = EXCLUDED.date, slot = EXCLUDED.slot,
         name = EXCLUDED.name, kcal = EXCLUDED.kcal, protein_g = EXCLUDED.protein_g, carbs_g = EXCLUDED.carbs_g, fat_g = EXCLUDED.fat_g`,
      [mealRows(diff.meals), data.programId],
    );
    await tx.query(
      `WITH i AS (SELECT * FROM json_to_recordset($1::json) AS i(id uuid, "mealId" uuid, "foodId" text, position int, grams numeric,
                    kcal numeric, "proteinG" numeric, "carbsG" numeric, "fatG" numeric)),
            gone AS (DELETE FROM meal_item_plan p WHERE p.meal_instance_id = ANY($2::uuid[]) AND p.id NOT IN (SELECT id FROM i))
       INSERT INTO meal_item_plan (id, meal_instance_id, food_id, position, grams, kcal, protein_g, carbs_g, fat_g)
       SELECT i.id, i."mealId", i."foodId", i.position, i.grams, i.kcal, i."proteinG", i."carbsG", i."fatG" FROM i
       ON CONFLICT (id) DO UPDATE SET meal_instance_id = EXCLUDED.meal_instance_id, food_id = EXCLUDED.food_id, position = EXCLUDED.position,
         grams = EXCLUDED.grams, kcal = EXCLUDED.kcal, protein_g = EXCLUDED.protein_g, carbs_g = EXCLUDED.carbs_g, fat_g = EXCLUDED.fat_g`,
      [itemRows(diff.meals), diff.meals.map((m) => m.id)],
    );
    // A reassessment only rescales portions (rescaleMeals keeps each meal's day and name): its
    // meals' calendar rows stay as they are, so the statement (a no-op, ~2-3 ms) is left out.
    if (!mealsStayPut) await upsertCalendarRows(tx, 'meal', diff.meals, data.userId, data.programId);
  }
}

/** The event types that change a program after its generation (its own stream, program-<id>). */
export const PLAN_CHANGE_EVENT_TYPES = ['PlanChangedByPerson', 'ReassessmentApplied'] as const;

export const programProjection: Projection = {
  name: 'programs',
  tables: ['programs', 'session_instances', 'exercise_plan_items', 'meal_instances', 'meal_item_plan', 'calendar_events'],
  handles: ['ProgramGenerated', ...PLAN_CHANGE_EVENT_TYPES],
  async apply(event: RecordedEvent, tx) {
    switch (event.type) {
      case 'ProgramGenerated':
        return programGenerated(event.data as ProgramGeneratedData, tx);
      case 'PlanChangedByPerson':
        return planChanged(event.data as PlanChangedByPersonData, event.streamVersion, null, tx);
      case 'ReassessmentApplied': {
        const data = event.data as ReassessmentAppliedData;
        return planChanged(data, event.streamVersion, data.nextReassessmentDate ?? null, tx, true);
      }
      default:
        return;
    }
  },
};
