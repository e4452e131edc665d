import DataLoader from 'dataloader';
import { SqlExecutor } from '../core/db/sql';
import { exerciseOf as libraryExercise, foodOf as catalogFood } from '../reference/catalog';
import type { NutritionTargets } from './nutrition/targets';
import type { TargetsFrom } from './planDiff';
import { DailyTargets, Exercise, Food, Meal, MealItem, PlannedExercise, Program, ProgramStatusEnum, Session } from './program.types';

// Ids are never deleted from the reference data; the fallbacks only keep one odd row from failing a whole list.
export const exerciseOf = (id: string): Exercise =>
  libraryExercise(id) ?? ({ id, name: id, movementPattern: 'unknown', primaryMuscles: [], secondaryMuscles: [], equipment: [], difficulty: 'unknown', unilateral: false, contraindications: [] } as unknown as Exercise);
export const foodOf = (id: string): Food =>
  catalogFood(id) ?? ({ id, name: id, category: 'other', kcal: 0, proteinG: 0, carbsG: 0, fatG: 0, fibreG: 0, portionG: 0, vegan: false, vegetarian: false, pescatarian: false, allergens: [], source: 'unknown' } as unknown as Food);

export interface ProgramRow {
  id: string; consultation_id: string; status: string; start_date: string; end_date: string; weeks: number;
  generator_version: number; next_reassessment_date: string | null; superseded_from: string | null;
  targets: NutritionTargets & { split?: string }; created_at: Date;
  /** Absent on rows made before plan changes (programAsGenerated fills them). */
  version?: number; targets_history?: TargetsFrom[];
}

export const PROGRAM_COLUMNS = `id, consultation_id, status, start_date, end_date, weeks, generator_version,
  next_reassessment_date, superseded_from, targets, created_at, version, targets_history`;

/** Stored targets as the GraphQL DailyTargets (with the consultation their rates are derived from, when known). */
export function toDailyTargets(t: NutritionTargets, consultationId?: string): DailyTargets {
  return {
    kcal: t.targetKcal, proteinG: t.proteinG, carbsG: t.carbsG, fatG: t.fatG, fibreG: t.fibreG, bmrKcal: t.bmrKcal,
    bmrFormula: t.bmrFormula, tdeeKcal: t.tdeeKcal, floorApplied: t.floorApplied, consultationId,
  };
}

export function toProgram(row: ProgramRow): Program {
  const t = row.targets;
  const history = row.targets_history?.length ? row.targets_history : [{ from: row.start_date, targets: t }];
  return {
    id: row.id, consultationId: row.consultation_id, status: row.status as ProgramStatusEnum, startDate: row.start_date,
    endDate: row.end_date, weeks: row.weeks, generatorVersion: row.generator_version, split: t.split ?? 'unknown',
    nextReassessmentDate: row.next_reassessment_date, supersededFrom: row.superseded_from, createdAt: row.created_at,
    targets: toDailyTargets(t, row.consultation_id),
    version: row.version ?? 0,
    targetsHistory: history.map((entry) => ({ from: entry.from, targets: toDailyTargets(entry.targets, row.consultation_id) })),
  };
}

interface SessionRow { id: string; program_id: string; week: number; day: number; date: string; name: string; focus: string; is_deload: boolean; estimated_minutes: number }
interface MealRow { id: string; program_id: string; week: number; day: number; date: string; slot: number; name: string; kcal: number; protein_g: number; carbs_g: number; fat_g: number }
const SESSION_COLUMNS = 's.id, s.program_id, s.week, s.day, s.date, s.name, s.focus, s.is_deload, s.estimated_minutes';
const MEAL_COLUMNS = 'm.id, m.program_id, m.week, m.day, m.date, m.slot, m.name, m.kcal, m.protein_g, m.carbs_g, m.fat_g';
const toSession = (r: SessionRow): Session => ({ id: r.id, programId: r.program_id, week: r.week, day: r.day, date: r.date, name: r.name, focus: r.focus, isDeload: r.is_deload, estimatedMinutes: r.estimated_minutes });
const toMeal = (r: MealRow): Meal => ({ id: r.id, programId: r.program_id, week: r.week, day: r.day, date: r.date, slot: r.slot, name: r.name, kcal: r.kcal, proteinG: r.protein_g, carbsG: r.carbs_g, fatG: r.fat_g });

/** A program's days from..to (inclusive): the key of the per-program plan loaders. */
export interface ProgramRange { programId: string; from: string; to: string }
const rangeKey = (r: ProgramRange): string => `${r.programId}|${r.from}|${r.to}`;

/** Groups rows by a key, in the order of the keys asked for (DataLoader's contract). */
function groupBy<T>(keys: readonly string[], rows: T[], key: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(key(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}

/**
 * Per-request loaders: every nested list of a request is fetched with one statement per kind,
 * however many days, sessions or meals the request spans. sql is the caller's scoped executor
 * (Sql.asUser): row-level security holds the statements that trust the ids they are given.
 */
export function createProgramLoaders(sql: SqlExecutor, userId: string) {
  return {
    program: new DataLoader<string, Program | null>(async (ids) => {
      const { rows } = await sql.query<ProgramRow>(`SELECT ${PROGRAM_COLUMNS} FROM programs WHERE id = ANY($1::uuid[]) AND user_id = $2`, [ids, userId]);
      const byId = new Map(rows.map((row) => [row.id, toProgram(row)]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    session: new DataLoader<string, Session | null>(async (ids) => {
      const { rows } = await sql.query<SessionRow>(
        `SELECT ${SESSION_COLUMNS} FROM session_instances s JOIN programs p ON p.id = s.program_id
         WHERE s.id = ANY($1::uuid[]) AND p.user_id = $2`,
        [ids, userId],
      );
      const byId = new Map(rows.map((r) => [r.id, toSession(r)]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    meal: new DataLoader<string, Meal | null>(async (ids) => {
      const { rows } = await sql.query<MealRow>(
        `SELECT ${MEAL_COLUMNS} FROM meal_instances m JOIN programs p ON p.id = m.program_id
         WHERE m.id = ANY($1::uuid[]) AND p.user_id = $2`,
        [ids, userId],
      );
      const byId = new Map(rows.map((r) => [r.id, toMeal(r)]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    // A program's own plan over a range, for every program and range of the request in one statement each.
    sessionsOfProgram: new DataLoader<ProgramRange, Session[], string>(async (ranges) => {
      const { rows } = await sql.query<SessionRow & { key: string }>(
        `SELECT ${SESSION_COLUMNS}, r.key FROM unnest($1::uuid[], $2::date[], $3::date[], $4::text[]) AS r(program_id, date_from, date_to, key)
         JOIN session_instances s ON s.program_id = r.program_id AND s.date BETWEEN r.date_from AND r.date_to
         JOIN programs p ON p.id = s.program_id AND p.user_id = $5
         ORDER BY s.date, s.name`,
        [ranges.map((r) => r.programId), ranges.map((r) => r.from), ranges.map((r) => r.to), ranges.map(rangeKey), userId],
      );
      return groupBy(ranges.map(rangeKey), rows, (r) => r.key).map((group) => group.map(toSession));
    }, { cacheKeyFn: rangeKey }),
    mealsOfProgram: new DataLoader<ProgramRange, Meal[], string>(async (ranges) => {
      const { rows } = await sql.query<MealRow & { key: string }>(
        `SELECT ${MEAL_COLUMNS}, r.key FROM unnest($1::uuid[], $2::date[], $3::date[], $4::text[]) AS r(program_id, date_from, date_to, key)
         JOIN meal_instances m ON m.program_id = r.program_id AND m.date BETWEEN r.date_from AND r.date_to
         JOIN programs p ON p.id = m.program_id AND p.user_id = $5
         ORDER BY m.date, m.slot`,
        [ranges.map((r) => r.programId), ranges.map((r) => r.from), ranges.map((r) => r.to), ranges.map(rangeKey), userId],
      );
      return groupBy(ranges.map(rangeKey), rows, (r) => r.key).map((group) => group.map(toMeal));
    }, { cacheKeyFn: rangeKey }),
    exercisesOfSession: new DataLoader<string, PlannedExercise[]>(async (sessionIds) => {
      const { rows } = await sql.query<{ id: string; session_instance_id: string; exercise_id: string; position: number; sets: number; reps_min: number; reps_max: number; target_rir: number; rest_seconds: number; load_kg: number | null; notes: string | null }>(
        `SELECT id, session_instance_id, exercise_id, position, sets, reps_min, reps_max, target_rir, rest_seconds, load_kg, notes
         FROM exercise_plan_items WHERE session_instance_id = ANY($1::uuid[]) ORDER BY session_instance_id, position`,
        [sessionIds],
      );
      return groupBy(sessionIds, rows, (r) => r.session_instance_id).map((group) =>
        group.map((r) => ({
          id: r.id, position: r.position, sets: r.sets, repsMin: r.reps_min, repsMax: r.reps_max, targetRir: r.target_rir,
          restSeconds: r.rest_seconds, loadKg: r.load_kg, notes: r.notes, exercise: exerciseOf(r.exercise_id),
        })),
      );
    }),
    itemsOfMeal: new DataLoader<string, MealItem[]>(async (mealIds) => {
      const { rows } = await sql.query<{ id: string; meal_instance_id: string; food_id: string; position: number; grams: number; kcal: number; protein_g: number; carbs_g: number; fat_g: number }>(
        `SELECT id, meal_instance_id, food_id, position, grams, kcal, protein_g, carbs_g, fat_g
         FROM meal_item_plan WHERE meal_instance_id = ANY($1::uuid[]) ORDER BY meal_instance_id, position`,
        [mealIds],
      );
      return groupBy(mealIds, rows, (r) => r.meal_instance_id).map((group) =>
        group.map((r) => ({
          id: r.id, position: r.position, grams: r.grams, kcal: r.kcal, proteinG: r.protein_g, carbsG: r.carbs_g, fatG: r.fat_g,
          food: foodOf(r.food_id),
        })),
      );
    }),
  };
}

export type ProgramLoaders = ReturnType<typeof createProgramLoaders>;
