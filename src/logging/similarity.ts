import type { MovementPattern, Muscle } from '../reference/reference.types';
import { SAME_PATTERN_CREDIT, SIMILARITY_WEIGHTS } from './logging.constants';

export type ActivityKind = 'strength' | 'cardio' | 'mobility' | 'sport' | 'other';

export interface LoggedSet {
  reps: number;
  loadKg: number | null;
  rir: number | null;
}

export interface LoggedExercise {
  exerciseId: string;
  sets: LoggedSet[];
}

/** What the score reads of an activity. */
export interface ActivityFacts {
  kind: ActivityKind;
  durationMinutes: number;
  exercises: readonly LoggedExercise[];
}

/** What the score reads of a planned session (all planned sessions are strength sessions today). */
export interface PlannedSessionFacts {
  kind: ActivityKind;
  estimatedMinutes: number;
  exercises: ReadonlyArray<{ exerciseId: string; sets: number; repsMin: number; repsMax: number; loadKg: number | null }>;
}

export interface ExerciseInfo {
  movementPattern: MovementPattern;
  primaryMuscles: readonly Muscle[];
}

export interface Similarity {
  /** 0-1: how close the activity was to the planned session. */
  score: number;
  /** Share of planned sets whose exercise was done as planned (null without exercise detail). */
  exactShare: number | null;
  /** Share of planned sets done as the same exercise or one of the same pattern and muscles. */
  patternShare: number | null;
  /** Done / planned volume: tonnage when every load is known, else hard sets (null without detail). */
  volumeRatio: number | null;
  volumeBasis: 'tonnage' | 'sets' | null;
  durationRatio: number;
  kindMatches: boolean;
}

/** min(a/b, b/a): 1 when equal, 0.5 at half or double, 0 when either is 0. */
export function closeness(ratio: number | null): number | null {
  if (ratio === null || !Number.isFinite(ratio)) return null;
  if (ratio <= 0) return 0;
  return Math.min(ratio, 1 / ratio);
}

const sameFamily = (a: ExerciseInfo | undefined, b: ExerciseInfo | undefined): boolean =>
  !!a && !!b && a.movementPattern === b.movementPattern && a.primaryMuscles.some((m) => b.primaryMuscles.includes(m));

/**
 * Similarity between a planned session and an activity, 0-1:
 *
 *   score = (0.15·kind + 0.40·overlap + 0.30·closeness(volume) + 0.15·closeness(duration)) / Σ weights used
 *
 * - kind: 1 when the activity is of the planned kind (strength), else 0.
 * - overlap: planned sets credited 1 when their exercise was done, 0.75 when an exercise of the same
 *   movement pattern sharing a primary muscle was done instead (each logged exercise stands in for
 *   one planned exercise), divided by all planned sets. 0 for a non-strength activity.
 * - volume: done / planned. Tonnage (sets x reps x kg, planned reps at the middle of their range)
 *   when the plan and every logged set carry a load, else hard sets (logged sets / planned sets).
 * - duration: logged minutes / the plan's estimated minutes.
 * - closeness(r) = min(r, 1/r): 1 when equal, 0.5 at half or double.
 * Overlap and volume drop out (and the weights are renormalised) when a strength activity was
 * logged without its exercises: the score then rests on kind and duration alone.
 */
export function sessionSimilarity(
  planned: PlannedSessionFacts,
  activity: ActivityFacts,
  exercise: (id: string) => ExerciseInfo | undefined,
): Similarity {
  const kindMatches = planned.kind === activity.kind;
  const durationRatio = planned.estimatedMinutes > 0 ? activity.durationMinutes / planned.estimatedMinutes : 1;
  const plannedSets = planned.exercises.reduce((sum, e) => sum + e.sets, 0);
  const detail = activity.exercises.length > 0 || activity.kind !== 'strength';

  let exactShare: number | null = null;
  let patternShare: number | null = null;
  let volumeRatio: number | null = null;
  let volumeBasis: Similarity['volumeBasis'] = null;
  if (detail && plannedSets > 0) {
    const unused = new Set(activity.exercises.map((_, i) => i));
    let exact = 0;
    let pattern = 0;
    const rest: typeof planned.exercises[number][] = [];
    for (const p of planned.exercises) {
      const i = [...unused].find((j) => activity.exercises[j].exerciseId === p.exerciseId);
      if (i === undefined) rest.push(p);
      else {
        unused.delete(i);
        exact += p.sets;
      }
    }
    for (const p of rest) {
      const info = exercise(p.exerciseId);
      const i = [...unused].find((j) => sameFamily(info, exercise(activity.exercises[j].exerciseId)));
      if (i !== undefined) {
        unused.delete(i);
        pattern += p.sets;
      }
    }
    exactShare = exact / plannedSets;
    patternShare = (exact + pattern) / plannedSets;

    const loggedSets = activity.exercises.flatMap((e) => e.sets);
    const tonnage = planned.exercises.every((e) => e.loadKg !== null && e.loadKg > 0)
      && loggedSets.length > 0 && loggedSets.every((s) => s.loadKg !== null);
    if (tonnage) {
      const plannedTonnage = planned.exercises.reduce((sum, e) => sum + e.sets * ((e.repsMin + e.repsMax) / 2) * (e.loadKg ?? 0), 0);
      const done = loggedSets.reduce((sum, s) => sum + s.reps * (s.loadKg ?? 0), 0);
      volumeRatio = done / plannedTonnage;
      volumeBasis = 'tonnage';
    } else {
      volumeRatio = loggedSets.length / plannedSets;
      volumeBasis = 'sets';
    }
  }

  const parts: Array<[number, number | null]> = [
    [SIMILARITY_WEIGHTS.kind, kindMatches ? 1 : 0],
    [SIMILARITY_WEIGHTS.overlap, patternShare === null ? null : (exactShare ?? 0) + ((patternShare - (exactShare ?? 0)) * SAME_PATTERN_CREDIT)],
    [SIMILARITY_WEIGHTS.volume, closeness(volumeRatio)],
    [SIMILARITY_WEIGHTS.duration, closeness(durationRatio)],
  ];
  const used = parts.filter(([, value]) => value !== null) as Array<[number, number]>;
  const weight = used.reduce((sum, [w]) => sum + w, 0);
  const score = weight > 0 ? used.reduce((sum, [w, v]) => sum + w * v, 0) / weight : 0;
  return {
    score: Math.round(score * 1000) / 1000,
    exactShare,
    patternShare,
    volumeRatio,
    volumeBasis,
    durationRatio,
    kindMatches,
  };
}
