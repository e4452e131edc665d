/**
 * Training-plan generator: a pure, deterministic function of its input and the exercise library
 * (no clock, no randomness, no I/O). Every number comes from ./training.constants.ts, with its
 * source.
 *
 * Choices (documented here and tested in ./trainingPlan.test.ts):
 * - Split by training days (experience does not change it): 1-3 days full body; 4 days
 *   upper/lower (beginners too); 5 days push/pull/legs + upper/lower ('push_pull_legs');
 *   6 days push/pull/legs twice; 7 preferred weekdays are capped to 6 training days, the last
 *   preferred weekday (Sunday) becoming the rest day.
 *   Fallback: if the equipment/injuries leave some session of that split without any main lift
 *   (e.g. a Pull day with bodyweight only), all sessions become full body (split 'full_body').
 * - A program week is a 7-day block from startDate (week 1 = days 1-7). Sessions fall only on the
 *   training weekdays (preferredWeekdays may come in any order; they are sorted); within each block
 *   the k-th session (in date order) gets the k-th template of the week, so every week has the
 *   same sessions and volume. 3 full-body days are A / B / C, C repeating A's main lifts.
 * - Exercises: available if every equipment item is available ('bodyweight' always is), not
 *   excluded, no contraindication in the injuries, and not conditioning or a loaded carry. Each
 *   session template is an ordered list of slots (priority order: compounds first, then
 *   isolation); a slot ranks the exercises with its primary muscle (and movement pattern, if any
 *   has it): difficulty not above the experience and no isometric hold when avoidable (the best
 *   such "tier" only is used), bilateral for compounds, target muscle first among the primaries,
 *   preferred implement, library order. Variant A takes the best; B takes the best with another
 *   implement (e.g. dumbbell instead of barbell bench press), or the next one if there is only
 *   one implement. An exercise is never used twice in a session.
 * - Volume: the "main" slots (the compounds) start at MIN_SETS_PER_EXERCISE; if even that does not
 *   fit sessionMinutes, the lowest-priority main lifts are dropped (the last one is cut down to 1
 *   set) and that session gets no accessory. Then sets are added one at a time to the trainable
 *   major muscle furthest below the weekly target (band minimum + a goal fraction of the band):
 *   first to existing exercises up to the preferred count, then by adding accessory exercises at
 *   the minimum sets (a second exercise for the same muscle only when nothing else can add), and
 *   only while the session still fits sessionMinutes, no muscle passes the band maximum and the
 *   per-exercise / per-session caps hold. If the main lifts alone overshoot a maximum, sets (or
 *   whole exercises) are taken off without pushing another major muscle below the minimum.
 *   So weekly sets land within the band for every major muscle the equipment allows, whenever
 *   the session length and library allow it (short sessions give priority to the largest
 *   deficits and may stay below the minimum).
 * - Progression: sets and rep ranges stay fixed through a mesocycle (double progression: add
 *   reps within the range, then load); the target RIR ramps from 3 to 1 (compounds) / 0
 *   (isolation; 1 for beginners). Mesocycles are 6 / 5 / 4 weeks for beginner / intermediate /
 *   advanced, the last week a deload (about half the sets, RIR +2, at least the starting 3); so
 *   deloads fall in weeks L, 2L, ... (never week 1; a 4-week advanced program deloads in week 4;
 *   a trailing partial mesocycle has none).
 * - Loads: when `lifts` has a set for the exercise, loadKg is the weight whose Epley 1RM at
 *   (repsMin + that week's targetRir) reps equals the estimated 1RM (best set if several), rounded
 *   down to 2.5 kg; so the suggested load rises a little as RIR falls. Otherwise (and for
 *   isometric holds, whose "reps" are seconds) loadKg is null and the notes carry the RIR cue.
 * - estimatedMinutes = ceil((warm-up + Σ sets × (mid reps × s/rep × sides + rest) + changeovers)
 *   / 60) and is always <= sessionMinutes.
 */
import type { Equipment, ExerciseRef, MovementPattern, Muscle } from '../../reference/reference.types';
import type { PlannedExercise, PlannedSession, Weekday } from '../plan.types';
import {
  BEGINNER_PERFORMANCE_COMPOUND_REPS,
  COMPOUND_EQUIPMENT_ORDER,
  DAYS_PER_WEEK,
  DELOAD_RIR_INCREASE,
  DELOAD_SET_FRACTION,
  EPLEY_REPS_DIVISOR,
  EXERCISE_CHANGEOVER_SECONDS,
  FULL_BODY_MAX_DAYS,
  GENERAL_WARM_UP_MINUTES,
  HOLD_SECONDS,
  ISOLATION_EQUIPMENT_ORDER,
  ISOMETRIC_HOLD_IDS,
  LIFT_MAX_REPS,
  LOAD_INCREASE_PCT_MAX,
  LOAD_INCREASE_PCT_MIN,
  LOAD_ROUNDING_KG,
  MAJOR_MUSCLES,
  MAX_RIR,
  MAX_SETS_PER_EXERCISE,
  MAX_SETS_PER_MUSCLE_PER_SESSION,
  MAX_TRAINING_DAYS_PER_WEEK,
  MESOCYCLE_WEEKS,
  MIN_SETS_PER_EXERCISE,
  PREFERRED_SETS_COMPOUND,
  PREFERRED_SETS_ISOLATION,
  PROGRAM_WEEKS_MAX,
  PROGRAM_WEEKS_MIN,
  RAMP_UP_MINUTES,
  REP_RANGES,
  REST_SECONDS,
  RIR_RAMP_END_COMPOUND,
  RIR_RAMP_END_ISOLATION,
  RIR_RAMP_START,
  SECONDARY_MUSCLE_SET_CREDIT,
  SECONDS_PER_HOLD_REP,
  SECONDS_PER_MINUTE,
  SECONDS_PER_REP,
  SESSION_MINUTES_MAX,
  SESSION_MINUTES_MIN,
  TRAINING_DAYS_MAX,
  TRAINING_DAYS_MIN,
  UNILATERAL_SIDES,
  UPPER_LOWER_DAYS,
  VERTICAL_PULL_EQUIPMENT_ORDER,
  WEEKLY_SET_LANDMARKS,
  WEEKLY_SET_TARGET_FRACTION,
} from './training.constants';

export interface TrainingInput {
  experience: 'BEGINNER' | 'INTERMEDIATE' | 'ADVANCED';
  goal: 'FAT_LOSS' | 'MUSCLE_GAIN' | 'RECOMPOSITION' | 'MAINTENANCE' | 'PERFORMANCE';
  trainingDaysPerWeek: number; // 1-7, equals preferredWeekdays.length
  preferredWeekdays: Weekday[]; // sorted Monday..Sunday
  sessionMinutes: number; // 20-180
  equipment: string[]; // Equipment vocabulary; 'bodyweight' is always available
  injuries: string[]; // Contraindication vocabulary
  excludedExercises: string[]; // exercise ids
  startDate: string; // YYYY-MM-DD (any weekday)
  programWeeks: number; // 4-24
  lifts?: Array<{ exerciseId: string; weightKg: number; reps: number }>; // optional recent sets for loads
}

export type TrainingSplit = 'full_body' | 'upper_lower' | 'push_pull_legs';

export interface TrainingPlan {
  split: TrainingSplit;
  sessions: PlannedSession[]; // in date order
  deloadWeeks: number[];
  /** Hard sets per primary muscle per week (a secondary muscle counts half), for checking the landmarks. */
  weeklySets: Record<number, Record<string, number>>;
}

type Experience = TrainingInput['experience'];
type Goal = TrainingInput['goal'];
type RepKind = 'compound' | 'isolation';

const EXPERIENCES: readonly Experience[] = ['BEGINNER', 'INTERMEDIATE', 'ADVANCED'];
const GOALS: readonly Goal[] = ['FAT_LOSS', 'MUSCLE_GAIN', 'RECOMPOSITION', 'MAINTENANCE', 'PERFORMANCE'];
const WEEKDAY_ORDER: readonly Weekday[] = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const EQUIPMENT_VOCABULARY: readonly string[] = [
  'bodyweight', 'dumbbell', 'barbell', 'kettlebell', 'cable', 'machine', 'resistance_band', 'pullup_bar', 'bench', 'cardio_machine',
];
const INJURY_VOCABULARY: readonly string[] = ['knee', 'shoulder', 'lower_back', 'elbow', 'wrist', 'hip', 'ankle', 'neck'];
const DIFFICULTY_LEVEL = { beginner: 0, intermediate: 1, advanced: 2 } as const;
const EXPERIENCE_LEVEL: Record<Experience, number> = { BEGINNER: 0, INTERMEDIATE: 1, ADVANCED: 2 };
/** Movement patterns never used for resistance slots (cardio and loaded carries). */
const EXCLUDED_PATTERNS: ReadonlySet<MovementPattern> = new Set<MovementPattern>(['conditioning', 'carry']);

// ---------------------------------------------------------------------------
// Session templates
// ---------------------------------------------------------------------------

interface SlotSpec {
  key: string;
  muscle: Muscle;
  patterns: readonly MovementPattern[];
  repKind: RepKind;
  /** Main slots are in the session from the start; the others are added when volume needs them. */
  main: boolean;
  /** A second exercise for a muscle, used only when nothing else can add its sets (e.g. the first is at the cap). */
  overflow: boolean;
}

const slot = (key: string, muscle: Muscle, patterns: MovementPattern[], repKind: RepKind, main: boolean, overflow = false): SlotSpec => ({
  key, muscle, patterns, repKind, main, overflow,
});

const SQUAT = slot('squat', 'quads', ['squat'], 'compound', true);
const LUNGE = slot('lunge', 'quads', ['lunge'], 'compound', false);
const HINGE = slot('hinge', 'hamstrings', ['hinge'], 'compound', true);
const H_PUSH = slot('horizontal_push', 'chest', ['horizontal_push'], 'compound', true);
const H_PUSH_2 = slot('horizontal_push_2', 'chest', ['horizontal_push'], 'compound', false);
const V_PUSH = slot('vertical_push', 'front_delts', ['vertical_push'], 'compound', true);
const V_PUSH_ACC = slot('vertical_push_accessory', 'front_delts', ['vertical_push'], 'compound', false);
const H_PULL = slot('horizontal_pull', 'upper_back', ['horizontal_pull'], 'compound', true);
const H_PULL_2 = slot('horizontal_pull_2', 'upper_back', ['horizontal_pull'], 'compound', false);
const V_PULL = slot('vertical_pull', 'lats', ['vertical_pull'], 'compound', true);
const V_PULL_ACC = slot('vertical_pull_accessory', 'lats', ['vertical_pull'], 'compound', false);
const SIDE_DELTS = slot('side_delts', 'side_delts', ['isolation'], 'isolation', false);
const REAR_DELTS = slot('rear_delts', 'rear_delts', ['isolation', 'horizontal_pull'], 'isolation', false);
const BICEPS = slot('biceps', 'biceps', ['isolation'], 'isolation', false);
const TRICEPS = slot('triceps', 'triceps', ['isolation'], 'isolation', false);
const CALVES = slot('calves', 'calves', ['isolation'], 'isolation', false);
const ABS = slot('abs', 'abs', ['core'], 'isolation', false);
const QUADS_ISO = slot('quads_isolation', 'quads', ['isolation'], 'isolation', false);
const HAMS_ISO = slot('hamstrings_isolation', 'hamstrings', ['isolation'], 'isolation', false);
const CHEST_ISO = slot('chest_isolation', 'chest', ['isolation'], 'isolation', false);
const GLUTES = slot('glutes', 'glutes', ['hinge', 'isolation'], 'isolation', false);
const CALVES_2 = slot('calves_2', 'calves', ['isolation'], 'isolation', false, true);
const SIDE_DELTS_2 = slot('side_delts_2', 'side_delts', ['isolation'], 'isolation', false, true);
const REAR_DELTS_2 = slot('rear_delts_2', 'rear_delts', ['isolation', 'horizontal_pull'], 'isolation', false, true);
const BICEPS_2 = slot('biceps_2', 'biceps', ['isolation'], 'isolation', false, true);
const TRICEPS_2 = slot('triceps_2', 'triceps', ['isolation'], 'isolation', false, true);
const ABS_2 = slot('abs_2', 'abs', ['core'], 'isolation', false, true);

interface SessionKind {
  label: string;
  focus: string;
  slots: readonly SlotSpec[];
}

const FULL_BODY: SessionKind = {
  label: 'Full body',
  focus: 'full_body',
  slots: [SQUAT, H_PUSH, HINGE, H_PULL, V_PULL_ACC, V_PUSH_ACC, SIDE_DELTS, CALVES, ABS, BICEPS, TRICEPS, REAR_DELTS, QUADS_ISO, HAMS_ISO, LUNGE, GLUTES, CHEST_ISO, CALVES_2],
};
const UPPER: SessionKind = {
  label: 'Upper',
  focus: 'upper',
  slots: [H_PUSH, H_PULL, V_PUSH, V_PULL, SIDE_DELTS, BICEPS, TRICEPS, REAR_DELTS, H_PUSH_2, H_PULL_2, CHEST_ISO, SIDE_DELTS_2, BICEPS_2, TRICEPS_2, REAR_DELTS_2],
};
const LOWER: SessionKind = {
  label: 'Lower',
  focus: 'lower',
  slots: [SQUAT, HINGE, LUNGE, HAMS_ISO, QUADS_ISO, CALVES, ABS, GLUTES, CALVES_2, ABS_2],
};
const PUSH: SessionKind = {
  label: 'Push',
  focus: 'push',
  slots: [H_PUSH, V_PUSH, H_PUSH_2, SIDE_DELTS, TRICEPS, CHEST_ISO, SIDE_DELTS_2, TRICEPS_2],
};
const PULL: SessionKind = {
  label: 'Pull',
  focus: 'pull',
  slots: [V_PULL, H_PULL, H_PULL_2, REAR_DELTS, BICEPS, ABS, REAR_DELTS_2, BICEPS_2, ABS_2],
};
const LEGS: SessionKind = {
  label: 'Legs',
  focus: 'legs',
  slots: [SQUAT, HINGE, LUNGE, HAMS_ISO, QUADS_ISO, CALVES, ABS, GLUTES, CALVES_2, ABS_2],
};

interface SessionTemplate {
  name: string;
  kind: SessionKind;
  /** 0 = A (best exercise per slot), 1 = B (best with another implement, see pick()). */
  variant: number;
}

const tpl = (kind: SessionKind, variant: number, suffix: string): SessionTemplate => ({
  name: suffix ? `${kind.label} ${suffix}` : kind.label,
  kind,
  variant,
});

/** Split by training days (after the 7 → 6 cap). Experience does not change it (see the header). */
export function chooseSplit(trainingDays: number): TrainingSplit {
  if (trainingDays <= FULL_BODY_MAX_DAYS) return 'full_body';
  if (trainingDays === UPPER_LOWER_DAYS) return 'upper_lower';
  return 'push_pull_legs';
}

/** The week's sessions in order. */
function weekTemplates(trainingDays: number): SessionTemplate[] {
  switch (trainingDays) {
    case 1: return [tpl(FULL_BODY, 0, '')];
    case 2: return [tpl(FULL_BODY, 0, 'A'), tpl(FULL_BODY, 1, 'B')];
    // C repeats A's main lifts; its accessories may differ (volume is allocated per session).
    case 3: return [tpl(FULL_BODY, 0, 'A'), tpl(FULL_BODY, 1, 'B'), tpl(FULL_BODY, 0, 'C')];
    case 4: return [tpl(UPPER, 0, 'A'), tpl(LOWER, 0, 'A'), tpl(UPPER, 1, 'B'), tpl(LOWER, 1, 'B')];
    case 5: return [tpl(PUSH, 0, ''), tpl(PULL, 0, ''), tpl(LEGS, 0, ''), tpl(UPPER, 1, ''), tpl(LOWER, 1, '')];
    default: return [tpl(PUSH, 0, 'A'), tpl(PULL, 0, 'A'), tpl(LEGS, 0, 'A'), tpl(PUSH, 1, 'B'), tpl(PULL, 1, 'B'), tpl(LEGS, 1, 'B')];
  }
}

/** Full-body fallback for 4-6 days: A, B, C, ... alternating the A/B exercise variants. */
function fullBodyTemplates(trainingDays: number): SessionTemplate[] {
  const letters = 'ABCDEF';
  return Array.from({ length: trainingDays }, (_, i) => tpl(FULL_BODY, i % 2, letters[i]));
}

// ---------------------------------------------------------------------------
// Public helpers
// ---------------------------------------------------------------------------

/** Epley (1985) estimated one-repetition maximum: w × (1 + reps / 30). */
export function epley1rm(weightKg: number, reps: number): number {
  if (!Number.isFinite(weightKg) || weightKg <= 0) throw new RangeError(`weightKg must be a positive finite number, got ${String(weightKg)}`);
  if (!Number.isFinite(reps) || reps < 1) throw new RangeError(`reps must be a finite number >= 1, got ${String(reps)}`);
  return weightKg * (1 + reps / EPLEY_REPS_DIVISOR);
}

/** Load for `reps` reps stopping `rir` reps short of failure, from an estimated 1RM (Epley inverted), rounded down to 2.5 kg. */
export function loadForReps(oneRmKg: number, reps: number, rir: number): number {
  const raw = oneRmKg / (1 + (reps + rir) / EPLEY_REPS_DIVISOR);
  // The small epsilon keeps exact multiples (e.g. 100 / 1.0 → 100) from falling a step on float error.
  return Math.floor(raw / LOAD_ROUNDING_KG + 1e-9) * LOAD_ROUNDING_KG;
}

/** Weekly hard-set band for the experience level. */
export function volumeLandmarks(experience: Experience): { min: number; max: number } {
  return WEEKLY_SET_LANDMARKS[experience];
}

/** Library exercises the input allows (equipment, exclusions, injuries); conditioning and carries excluded. */
export function availableExercises(input: Pick<TrainingInput, 'equipment' | 'injuries' | 'excludedExercises'>, library: readonly ExerciseRef[]): ExerciseRef[] {
  const equipment = new Set<string>(input.equipment);
  equipment.add('bodyweight');
  const injuries = new Set<string>(input.injuries);
  const excluded = new Set<string>(input.excludedExercises);
  return library.filter((ex) =>
    !EXCLUDED_PATTERNS.has(ex.movementPattern)
    && !excluded.has(ex.id)
    && ex.equipment.every((e) => equipment.has(e))
    && !ex.contraindications.some((c) => injuries.has(c)));
}

/** Major muscles that some allowed exercise trains as a primary mover (the ones held to the landmarks). */
export function trainableMajorMuscles(input: Pick<TrainingInput, 'equipment' | 'injuries' | 'excludedExercises'>, library: readonly ExerciseRef[]): Muscle[] {
  const available = availableExercises(input, library);
  return MAJOR_MUSCLES.filter((m) => available.some((ex) => ex.primaryMuscles.includes(m)));
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

interface ParsedDate { dayNumber: number }

function parseDate(value: unknown): ParsedDate {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    throw new RangeError(`startDate must be YYYY-MM-DD, got ${String(value)}`);
  }
  const y = Number(value.slice(0, 4));
  const m = Number(value.slice(5, 7));
  const d = Number(value.slice(8, 10));
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) throw new RangeError(`startDate is not a calendar date: ${value}`);
  return { dayNumber: daysFromCivil(y, m, d) };
}

function isInteger(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

interface Validated {
  trainingWeekdays: ReadonlySet<number>; // 0 = Monday
  startDay: number;
  bestOneRm: ReadonlyMap<string, number>;
}

function validate(input: TrainingInput): Validated {
  if (!EXPERIENCES.includes(input.experience)) throw new RangeError(`experience is not valid: ${String(input.experience)}`);
  if (!GOALS.includes(input.goal)) throw new RangeError(`goal is not valid: ${String(input.goal)}`);
  if (!isInteger(input.trainingDaysPerWeek, TRAINING_DAYS_MIN, TRAINING_DAYS_MAX)) {
    throw new RangeError(`trainingDaysPerWeek must be an integer ${TRAINING_DAYS_MIN}-${TRAINING_DAYS_MAX}, got ${String(input.trainingDaysPerWeek)}`);
  }
  if (!Array.isArray(input.preferredWeekdays)) throw new RangeError('preferredWeekdays must be an array');
  const indices = input.preferredWeekdays.map((w) => {
    const i = WEEKDAY_ORDER.indexOf(w);
    if (i < 0) throw new RangeError(`preferredWeekdays has an unknown weekday: ${String(w)}`);
    return i;
  });
  if (new Set(indices).size !== indices.length) throw new RangeError('preferredWeekdays has duplicates');
  if (indices.length !== input.trainingDaysPerWeek) {
    throw new RangeError(`preferredWeekdays has ${indices.length} days but trainingDaysPerWeek is ${input.trainingDaysPerWeek}`);
  }
  if (typeof input.sessionMinutes !== 'number' || !Number.isFinite(input.sessionMinutes)
    || input.sessionMinutes < SESSION_MINUTES_MIN || input.sessionMinutes > SESSION_MINUTES_MAX) {
    throw new RangeError(`sessionMinutes must be ${SESSION_MINUTES_MIN}-${SESSION_MINUTES_MAX}, got ${String(input.sessionMinutes)}`);
  }
  if (!isInteger(input.programWeeks, PROGRAM_WEEKS_MIN, PROGRAM_WEEKS_MAX)) {
    throw new RangeError(`programWeeks must be an integer ${PROGRAM_WEEKS_MIN}-${PROGRAM_WEEKS_MAX}, got ${String(input.programWeeks)}`);
  }
  if (!Array.isArray(input.equipment)) throw new RangeError('equipment must be an array');
  if (!Array.isArray(input.injuries)) throw new RangeError('injuries must be an array');
  for (const e of input.equipment) {
    if (!EQUIPMENT_VOCABULARY.includes(e)) throw new RangeError(`equipment has an unknown item: ${String(e)}`);
  }
  for (const i of input.injuries) {
    if (!INJURY_VOCABULARY.includes(i)) throw new RangeError(`injuries has an unknown area: ${String(i)}`);
  }
  if (!Array.isArray(input.excludedExercises)) throw new RangeError('excludedExercises must be an array');
  const { dayNumber } = parseDate(input.startDate);

  const bestOneRm = new Map<string, number>();
  for (const lift of input.lifts ?? []) {
    if (typeof lift.exerciseId !== 'string') throw new RangeError('lifts.exerciseId must be a string');
    if (typeof lift.weightKg !== 'number' || !Number.isFinite(lift.weightKg) || lift.weightKg <= 0) {
      throw new RangeError(`lifts.weightKg must be a positive finite number, got ${String(lift.weightKg)}`);
    }
    if (!isInteger(lift.reps, 1, LIFT_MAX_REPS)) throw new RangeError(`lifts.reps must be an integer 1-${LIFT_MAX_REPS}, got ${String(lift.reps)}`);
    const oneRm = epley1rm(lift.weightKg, lift.reps);
    if (oneRm > (bestOneRm.get(lift.exerciseId) ?? 0)) bestOneRm.set(lift.exerciseId, oneRm);
  }

  // 7 days → 6: the last preferred weekday (in Monday..Sunday order) is the rest day.
  const sorted = [...indices].sort((a, b) => a - b).slice(0, MAX_TRAINING_DAYS_PER_WEEK);
  return { trainingWeekdays: new Set(sorted), startDay: dayNumber, bestOneRm };
}

// ---------------------------------------------------------------------------
// Exercise choice
// ---------------------------------------------------------------------------

const HOLDS: ReadonlySet<string> = new Set(ISOMETRIC_HOLD_IDS);

interface Ranked { ex: ExerciseRef; tier: number; group: number }

function equipmentRank(ex: ExerciseRef, order: readonly Equipment[]): number {
  return Math.min(...ex.equipment.map((e) => {
    const i = order.indexOf(e);
    return i < 0 ? order.length : i;
  }));
}

/** Candidates for a slot, best first, with a tier (0 best) used to keep variants within the best tier. */
function rankCandidates(s: SlotSpec, byPrimary: ReadonlyMap<Muscle, readonly ExerciseRef[]>, index: ReadonlyMap<string, number>, experience: Experience): Ranked[] {
  const withMuscle = byPrimary.get(s.muscle) ?? [];
  let pool = withMuscle.filter((ex) => s.patterns.includes(ex.movementPattern));
  if (pool.length === 0) pool = [...withMuscle];
  const level = EXPERIENCE_LEVEL[experience];
  const order = s.patterns.includes('vertical_pull') ? VERTICAL_PULL_EQUIPMENT_ORDER
    : s.repKind === 'compound' ? COMPOUND_EQUIPMENT_ORDER : ISOLATION_EQUIPMENT_ORDER;
  const keyed = pool.map((ex) => {
    const over = Math.max(0, DIFFICULTY_LEVEL[ex.difficulty] - level);
    const tier = over * 2 + (HOLDS.has(ex.id) ? 1 : 0);
    const group = equipmentRank(ex, order);
    return {
      ex,
      tier,
      group,
      key: [
        tier,
        s.repKind === 'compound' && ex.unilateral ? 1 : 0,
        ex.primaryMuscles.indexOf(s.muscle),
        s.repKind === 'isolation' ? ex.primaryMuscles.length : 0,
        group,
        index.get(ex.id) ?? 0,
      ],
    };
  });
  keyed.sort((a, b) => compareKeys(a.key, b.key));
  return keyed.map(({ ex, tier, group }) => ({ ex, tier, group }));
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return 0;
}

/**
 * The exercise for a session's slot: among the unused candidates of the best tier, variant v takes
 * the best of the (v mod g)-th implement group (g groups by equipment rank, in rank order), and
 * within that group the (floor(v / g) mod size)-th: so B varies the implement when it can.
 */
function pick(ranked: readonly Ranked[], used: ReadonlySet<string>, variant: number): ExerciseRef | null {
  const unused = ranked.filter((r) => !used.has(r.ex.id));
  if (unused.length === 0) return null;
  const bestTier = unused[0].tier;
  const groups = new Map<number, ExerciseRef[]>();
  for (const r of unused) {
    if (r.tier !== bestTier) continue;
    const group = groups.get(r.group);
    if (group) group.push(r.ex);
    else groups.set(r.group, [r.ex]);
  }
  const ordered = [...groups.values()];
  const group = ordered[variant % ordered.length];
  return group[Math.floor(variant / ordered.length) % group.length];
}

// ---------------------------------------------------------------------------
// Volume allocation (one week template)
// ---------------------------------------------------------------------------

interface Item {
  ex: ExerciseRef;
  slot: SlotSpec;
  priority: number;
  active: boolean;
  sets: number;
  repKind: RepKind;
  repsMin: number;
  repsMax: number;
  restSeconds: number;
  isHold: boolean;
  /** Seconds one set takes including its rest. */
  setSeconds: number;
  /** Muscle → set credit (1 primary, 0.5 secondary). */
  credit: ReadonlyMap<Muscle, number>;
}

interface WorkSession {
  template: SessionTemplate;
  items: Item[];
  seconds: number;
  muscleSets: Map<Muscle, number>;
  /** Main lifts had to be dropped for time: no accessory may be added to this session. */
  trimmed: boolean;
}

function creditOf(ex: ExerciseRef): Map<Muscle, number> {
  const credit = new Map<Muscle, number>();
  for (const m of ex.secondaryMuscles) credit.set(m, SECONDARY_MUSCLE_SET_CREDIT);
  for (const m of ex.primaryMuscles) credit.set(m, 1);
  return credit;
}

function repRange(goal: Goal, experience: Experience, kind: RepKind, isHold: boolean): { min: number; max: number } {
  if (isHold) return HOLD_SECONDS;
  if (goal === 'PERFORMANCE' && experience === 'BEGINNER' && kind === 'compound') return BEGINNER_PERFORMANCE_COMPOUND_REPS;
  return REP_RANGES[goal][kind];
}

function makeItem(ex: ExerciseRef, s: SlotSpec, priority: number, goal: Goal, experience: Experience): Item {
  const isHold = HOLDS.has(ex.id);
  const range = repRange(goal, experience, s.repKind, isHold);
  const restSeconds = REST_SECONDS[goal][s.repKind];
  const mid = (range.min + range.max) / 2;
  const perRep = isHold ? SECONDS_PER_HOLD_REP : SECONDS_PER_REP;
  const sides = ex.unilateral ? UNILATERAL_SIDES : 1;
  return {
    ex,
    slot: s,
    priority,
    active: s.main,
    sets: s.main ? MIN_SETS_PER_EXERCISE : 0,
    repKind: s.repKind,
    repsMin: range.min,
    repsMax: range.max,
    restSeconds,
    isHold,
    setSeconds: mid * perRep * sides + restSeconds,
    credit: creditOf(ex),
  };
}

const WARM_UP_SECONDS = (GENERAL_WARM_UP_MINUTES + RAMP_UP_MINUTES) * SECONDS_PER_MINUTE;

function itemSeconds(item: Item, sets: number): number {
  return sets * item.setSeconds + EXERCISE_CHANGEOVER_SECONDS;
}

function sessionSeconds(items: readonly Item[], setsOf: (item: Item) => number): number {
  let total = WARM_UP_SECONDS;
  for (const item of items) {
    const sets = setsOf(item);
    if (sets > 0) total += itemSeconds(item, sets);
  }
  return total;
}

function toMinutes(seconds: number): number {
  // Tolerance keeps float error (e.g. 2700.0000001 s) from adding a minute.
  return Math.ceil(seconds / SECONDS_PER_MINUTE - 1e-9);
}

function addCredit(target: Map<Muscle, number>, item: Item, sets: number): void {
  for (const [m, c] of item.credit) target.set(m, (target.get(m) ?? 0) + c * sets);
}

/** Keeps the main lifts within the time budget: drop lowest-priority main lifts, then cut the last one to 1 set. */
function fitMainLifts(session: WorkSession, budgetSeconds: number): void {
  const active = () => session.items.filter((i) => i.active);
  const seconds = () => sessionSeconds(session.items, (i) => (i.active ? i.sets : 0));
  while (seconds() > budgetSeconds && active().length > 1) {
    const last = active().reduce((a, b) => (b.priority > a.priority ? b : a));
    last.active = false;
    last.sets = 0;
    session.trimmed = true;
  }
  const remaining = active();
  if (remaining.length === 1) {
    while (seconds() > budgetSeconds && remaining[0].sets > 1) remaining[0].sets--;
  }
}

function allocateVolume(sessions: WorkSession[], input: TrainingInput, trainable: readonly Muscle[]): void {
  const band = WEEKLY_SET_LANDMARKS[input.experience];
  const target = band.min + WEEKLY_SET_TARGET_FRACTION[input.goal] * (band.max - band.min);
  const budget = input.sessionMinutes * SECONDS_PER_MINUTE;
  const weekly = new Map<Muscle, number>();

  for (const s of sessions) {
    fitMainLifts(s, budget);
    s.seconds = sessionSeconds(s.items, (i) => (i.active ? i.sets : 0));
    s.muscleSets = new Map();
    for (const item of s.items) if (item.active) addCredit(s.muscleSets, item, item.sets);
    for (const [m, v] of s.muscleSets) weekly.set(m, (weekly.get(m) ?? 0) + v);
  }

  const isTrainable = new Set<Muscle>(trainable);
  const candidates = new Map<Muscle, Array<{ session: WorkSession; sessionIndex: number; item: Item }>>();
  sessions.forEach((session, sessionIndex) => {
    for (const item of session.items) {
      for (const m of item.ex.primaryMuscles) {
        const list = candidates.get(m);
        if (list) list.push({ session, sessionIndex, item });
        else candidates.set(m, [{ session, sessionIndex, item }]);
      }
    }
  });

  const blocked = new Set<Muscle>();
  for (;;) {
    // The trainable major muscle furthest below target (ties: MAJOR_MUSCLES order).
    let muscle: Muscle | null = null;
    let deficit = 0;
    for (const m of trainable) {
      if (blocked.has(m)) continue;
      const d = target - (weekly.get(m) ?? 0);
      if (d > deficit + 1e-9) { deficit = d; muscle = m; }
    }
    if (muscle === null) break;

    const wanted: Muscle = muscle;
    let best: { session: WorkSession; item: Item; key: number[] } | null = null;
    for (const { session, sessionIndex, item } of candidates.get(wanted) ?? []) {
      if (!item.active && session.trimmed) continue;
      const add = item.active ? 1 : MIN_SETS_PER_EXERCISE;
      if (item.active && item.sets + add > MAX_SETS_PER_EXERCISE) continue;
      const extraSeconds = add * item.setSeconds + (item.active ? 0 : EXERCISE_CHANGEOVER_SECONDS);
      if (toMinutes(session.seconds + extraSeconds) > input.sessionMinutes) continue;
      let fits = true;
      let spill = 0;
      for (const [m, c] of item.credit) {
        const after = (weekly.get(m) ?? 0) + c * add;
        if (after > band.max + 1e-9) { fits = false; break; }
        if ((session.muscleSets.get(m) ?? 0) + c * add > MAX_SETS_PER_MUSCLE_PER_SESSION + 1e-9) { fits = false; break; }
        if (m !== wanted && isTrainable.has(m) && after > target + 1e-9) spill += c;
      }
      if (!fits) continue;
      const preferred = item.repKind === 'compound' ? PREFERRED_SETS_COMPOUND : PREFERRED_SETS_ISOLATION;
      const sets = item.active ? item.sets : 0;
      const key = [item.slot.overflow ? 2 : sets >= preferred ? 1 : 0, spill, item.active ? 0 : 1, sets, item.priority, sessionIndex];
      if (best === null || compareKeys(key, best.key) < 0) best = { session, item, key };
    }
    if (best === null) { blocked.add(wanted); continue; }
    const { session, item } = best;
    const add = item.active ? 1 : MIN_SETS_PER_EXERCISE;
    session.seconds += add * item.setSeconds + (item.active ? 0 : EXERCISE_CHANGEOVER_SECONDS);
    item.active = true;
    item.sets += add;
    addCredit(session.muscleSets, item, add);
    addCredit(weekly, item, add);
  }

  // A session with no main lift and nothing added (every muscle it could train already at target or
  // blocked): give it its first exercise at the minimum sets that fit, so no session is empty.
  for (const session of sessions) {
    if (session.items.some((i) => i.active) || session.items.length === 0) continue;
    const first = session.items[0];
    first.active = true;
    first.sets = MIN_SETS_PER_EXERCISE;
    while (first.sets > 1 && toMinutes(WARM_UP_SECONDS + itemSeconds(first, first.sets)) > input.sessionMinutes) first.sets--;
    session.seconds = WARM_UP_SECONDS + itemSeconds(first, first.sets);
    addCredit(session.muscleSets, first, first.sets);
    addCredit(weekly, first, first.sets);
  }

  // The main lifts alone can overshoot a maximum (e.g. glutes from squats + hinges over many
  // full-body days). Take sets off contributing exercises without pushing another major muscle
  // below its minimum: first sets above the minimum, then whole exercises (if the session keeps
  // another one), then down to 1 set; lowest priority first, later sessions first.
  for (const m of [...weekly.keys()]) {
    while ((weekly.get(m) ?? 0) > band.max + 1e-9) {
      let victim: { session: WorkSession; item: Item; remove: number; key: number[] } | null = null;
      for (let sessionIndex = 0; sessionIndex < sessions.length; sessionIndex++) {
        const session = sessions[sessionIndex];
        const activeCount = session.items.filter((i) => i.active).length;
        for (const item of session.items) {
          if (!item.active || !item.credit.has(m)) continue;
          let option: number;
          let remove: number;
          if (item.sets > MIN_SETS_PER_EXERCISE) { option = 0; remove = 1; }
          else if (activeCount > 1) { option = 1; remove = item.sets; }
          else if (item.sets > 1) { option = 2; remove = 1; }
          else continue;
          const hurts = [...item.credit].some(([o, c]) => o !== m && isTrainable.has(o) && (weekly.get(o) ?? 0) - c * remove < band.min - 1e-9);
          if (hurts) continue;
          const key = [option, -item.priority, -sessionIndex];
          if (victim === null || compareKeys(key, victim.key) < 0) victim = { session, item, remove, key };
        }
      }
      if (victim === null) break;
      const { session, item, remove } = victim;
      item.sets -= remove;
      if (item.sets === 0) item.active = false;
      session.seconds -= remove * item.setSeconds + (item.active ? 0 : EXERCISE_CHANGEOVER_SECONDS);
      addCredit(session.muscleSets, item, -remove);
      addCredit(weekly, item, -remove);
    }
  }
}

// ---------------------------------------------------------------------------
// Progression
// ---------------------------------------------------------------------------

function hardWeekRir(weekInMeso: number, hardWeeks: number, end: number): number {
  if (hardWeeks <= 1) return RIR_RAMP_START;
  const fraction = (weekInMeso - 1) / (hardWeeks - 1);
  return Math.round(RIR_RAMP_START - (RIR_RAMP_START - end) * fraction);
}

function rampEnd(kind: RepKind, experience: Experience): number {
  return kind === 'compound' ? RIR_RAMP_END_COMPOUND : RIR_RAMP_END_ISOLATION[experience];
}

function targetRir(week: number, mesoWeeks: number, kind: RepKind, experience: Experience): number {
  const weekInMeso = ((week - 1) % mesoWeeks) + 1;
  const hardWeeks = mesoWeeks - 1;
  const end = rampEnd(kind, experience);
  if (weekInMeso === mesoWeeks) {
    const last = hardWeekRir(hardWeeks, hardWeeks, end);
    return Math.min(MAX_RIR, Math.max(RIR_RAMP_START, last + DELOAD_RIR_INCREASE));
  }
  return hardWeekRir(weekInMeso, hardWeeks, end);
}

function deloadSets(sets: number): number {
  return Math.max(1, Math.round(sets * DELOAD_SET_FRACTION));
}

function exerciseNotes(item: Item, rir: number, isDeload: boolean, oneRm: number | undefined, loadKg: number | null): string {
  const range = `${item.repsMin}-${item.repsMax} reps`;
  const effort = `RIR ${rir} (RPE ${10 - rir})`;
  const parts: string[] = [];
  if (item.isHold) parts.push(`Isometric hold: the rep numbers are seconds per set.`);
  if (isDeload) {
    const load = loadKg !== null ? ` (about ${loadKg} kg)` : '';
    parts.push(`Deload week: about half the sets, stop at ${effort}${load}; do not chase reps.`);
  } else if (loadKg !== null && oneRm !== undefined) {
    parts.push(`Load ${loadKg} kg: ${item.repsMin} reps at ${effort} from an estimated 1RM of ${Math.round(oneRm * 10) / 10} kg (Epley); work in ${range}.`);
  } else if (item.isHold) {
    parts.push(`Hold ${item.repsMin}-${item.repsMax} s, stopping at ${effort} effort.`);
  } else {
    parts.push(`Choose a load you can lift for ${range}, stopping at ${effort}.`);
  }
  if (!isDeload) {
    parts.push(item.isHold
      ? `Double progression: add time each session; when every set reaches ${item.repsMax} s at ${effort}, use a harder variation and restart at ${item.repsMin} s.`
      : `Double progression: keep the load and add reps; when every set reaches ${item.repsMax} reps at ${effort}, add ${LOAD_INCREASE_PCT_MIN}-${LOAD_INCREASE_PCT_MAX} % load (smallest step) and restart at ${item.repsMin}.`);
  }
  if (item.ex.unilateral) parts.push('Reps are per side.');
  return parts.join(' ');
}

// ---------------------------------------------------------------------------
// Dates (proleptic Gregorian day numbers; 1970-01-01 = 0, a Thursday)
// ---------------------------------------------------------------------------

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Howard Hinnant's days_from_civil. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Howard Hinnant's civil_from_days, formatted YYYY-MM-DD. */
function civilFromDays(z: number): string {
  const zz = z + 719468;
  const era = Math.floor(zz / 146097);
  const doe = zz - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 0 = Monday ... 6 = Sunday. */
function weekdayIndex(dayNumber: number): number {
  return (((dayNumber + 3) % DAYS_PER_WEEK) + DAYS_PER_WEEK) % DAYS_PER_WEEK;
}

// ---------------------------------------------------------------------------
// Generator
// ---------------------------------------------------------------------------

export function generateTrainingPlan(input: TrainingInput, library: readonly ExerciseRef[]): TrainingPlan {
  const { trainingWeekdays, startDay, bestOneRm } = validate(input);
  const days = trainingWeekdays.size;

  const available = availableExercises(input, library);
  if (available.length === 0) {
    throw new RangeError('equipment, injuries and excludedExercises leave no exercise in the library');
  }
  const libraryIndex = new Map(library.map((ex, i) => [ex.id, i] as const));
  const byPrimary = new Map<Muscle, ExerciseRef[]>();
  for (const ex of available) {
    for (const m of ex.primaryMuscles) {
      const list = byPrimary.get(m);
      if (list) list.push(ex);
      else byPrimary.set(m, [ex]);
    }
  }
  const trainable = MAJOR_MUSCLES.filter((m) => byPrimary.has(m));

  // Choose the exercises of each session of the week template.
  const rankCache = new Map<string, Ranked[]>();
  const ranked = (s: SlotSpec): Ranked[] => {
    let r = rankCache.get(s.key);
    if (r === undefined) {
      r = rankCandidates(s, byPrimary, libraryIndex, input.experience);
      rankCache.set(s.key, r);
    }
    return r;
  };
  const buildWeek = (templates: readonly SessionTemplate[]): WorkSession[] => templates.map((template) => {
    const used = new Set<string>();
    const items: Item[] = [];
    template.kind.slots.forEach((s, priority) => {
      const ex = pick(ranked(s), used, template.variant);
      if (ex === null) return;
      used.add(ex.id);
      items.push(makeItem(ex, s, priority, input.goal, input.experience));
    });
    return { template, items, seconds: 0, muscleSets: new Map(), trimmed: false };
  });

  let split = chooseSplit(days);
  let week = buildWeek(weekTemplates(days));
  // If the equipment/injuries leave a session of the split without any main lift (e.g. no pulling
  // exercise for a Pull day with bodyweight only), every session becomes full body instead.
  if (split !== 'full_body' && week.some((s) => !s.items.some((i) => i.slot.main))) {
    split = 'full_body';
    week = buildWeek(fullBodyTemplates(days));
  }
  allocateVolume(week, input, trainable);

  // Lay the week template over the calendar.
  const mesoWeeks = MESOCYCLE_WEEKS[input.experience];
  const deloadWeeks: number[] = [];
  for (let w = mesoWeeks; w <= input.programWeeks; w += mesoWeeks) deloadWeeks.push(w);
  const deloads = new Set(deloadWeeks);

  // Notes repeat from mesocycle to mesocycle: build each distinct one once.
  const notesCache = new Map<string, string>();
  const sessions: PlannedSession[] = [];
  const weeklySets: Record<number, Record<string, number>> = {};
  for (let w = 1; w <= input.programWeeks; w++) {
    const isDeload = deloads.has(w);
    const totals: Record<string, number> = {};
    let k = 0;
    for (let offset = 0; offset < DAYS_PER_WEEK; offset++) {
      const dayNumber = startDay + (w - 1) * DAYS_PER_WEEK + offset;
      if (!trainingWeekdays.has(weekdayIndex(dayNumber))) continue;
      const sessionIndex = k++;
      const work = week[sessionIndex];
      const exercises: PlannedExercise[] = [];
      let seconds = WARM_UP_SECONDS;
      for (const item of work.items) {
        if (!item.active || item.sets <= 0) continue;
        const sets = isDeload ? deloadSets(item.sets) : item.sets;
        const rir = targetRir(w, mesoWeeks, item.repKind, input.experience);
        const oneRm = item.isHold ? undefined : bestOneRm.get(item.ex.id);
        let loadKg: number | null = null;
        if (oneRm !== undefined) {
          const load = loadForReps(oneRm, item.repsMin, rir);
          loadKg = load > 0 ? load : null;
        }
        exercises.push({
          exerciseId: item.ex.id,
          position: exercises.length + 1,
          sets,
          repsMin: item.repsMin,
          repsMax: item.repsMax,
          targetRir: rir,
          restSeconds: item.restSeconds,
          loadKg,
          notes: cachedNotes(`${sessionIndex}/${item.priority}/${rir}/${isDeload}/${loadKg}`, () => exerciseNotes(item, rir, isDeload, oneRm, loadKg)),
        });
        seconds += itemSeconds(item, sets);
        for (const [m, c] of item.credit) totals[m] = (totals[m] ?? 0) + c * sets;
      }
      const day = dayNumber - startDay + 1;
      sessions.push({
        week: w,
        day,
        date: civilFromDays(dayNumber),
        name: work.template.name,
        focus: work.template.kind.focus,
        isDeload,
        estimatedMinutes: toMinutes(seconds),
        exercises,
      });
    }
    weeklySets[w] = totals;
  }

  return { split, sessions, deloadWeeks, weeklySets };

  function cachedNotes(key: string, build: () => string): string {
    let notes = notesCache.get(key);
    if (notes === undefined) {
      notes = build();
      notesCache.set(key, notes);
    }
    return notes;
  }
}
