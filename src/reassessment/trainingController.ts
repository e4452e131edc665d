/**
 * The training controller of the bi-weekly reassessment: pure. From the window's training signals
 * it decides, per major muscle, whether weekly sets go up (performance rising, recovery good, the
 * sessions done), down (fatigue: session-RPE drift, missed sessions, poor recovery, falling
 * performance) or stay, always inside the volume landmarks; sets loads from logged performance
 * (the estimated 1RM of the logged sets, not the generator's starting guesses); and calls a
 * deload week when enough fatigue signals agree. The output is the changed future sessions.
 */
import { loadForReps, volumeLandmarks } from '../programs/training/trainingPlan';
import { DELOAD_RIR_INCREASE, DELOAD_SET_FRACTION, MAX_RIR, MAX_SETS_PER_EXERCISE, MIN_SETS_PER_EXERCISE, SECONDS_PER_REP } from '../programs/training/training.constants';
import type { StoredSession } from '../programs/program';
import { addDays } from '../core/dates';
import type { TrainingEvidence } from './evidence';
import {
  COMPLETION_GOOD, COMPLETION_LOW, DELOAD_SIGNALS, E1RM_FALLING_PCT, E1RM_RISING_PCT, ENERGY_POOR, MAX_LOAD_CHANGE_FRACTION,
  RPE_DRIFT_FATIGUE, SETS_STEP_PER_MUSCLE, SORENESS_POOR,
} from './reassessment.constants';

export type Experience = 'BEGINNER' | 'INTERMEDIATE' | 'ADVANCED';
export type TrainingDecision = 'progress' | 'hold' | 'reduce' | 'deload';

export interface TrainingControllerInput {
  experience: Experience;
  evidence: TrainingEvidence;
  /** The program's sessions from `effectiveFrom` on (the future; the past is never changed). */
  futureSessions: readonly StoredSession[];
  effectiveFrom: string;
  /** Primary muscles of each exercise id (the exercise library). */
  primaryMuscles: (exerciseId: string) => readonly string[];
}

export interface TrainingControllerOutput {
  decision: TrainingDecision;
  fatigueSignals: string[];
  /** Weekly sets added (+) or taken (-) per muscle. */
  volumeChanges: Record<string, number>;
  loadChanges: Array<{ exerciseId: string; fromKg: number | null; toKg: number; e1rmKg: number }>;
  deloadFrom: string | null;
  /** The future sessions that change, whole. */
  sessions: StoredSession[];
  reasons: Array<{ code: string; message: string }>;
}

type Exercise = StoredSession['exercises'][number];

export function runTrainingController(input: TrainingControllerInput): TrainingControllerOutput {
  const ev = input.evidence;
  const signals: string[] = [];
  if (ev.rpeDrift !== null && ev.rpeDrift >= RPE_DRIFT_FATIGUE) signals.push('rpe_drift');
  if (ev.completion !== null && ev.completion < COMPLETION_LOW) signals.push('missed_sessions');
  if ((ev.meanSoreness !== null && ev.meanSoreness >= SORENESS_POOR) || (ev.meanEnergy !== null && ev.meanEnergy <= ENERGY_POOR)) signals.push('poor_recovery');
  if (ev.e1rmTrendPct !== null && ev.e1rmTrendPct <= E1RM_FALLING_PCT) signals.push('falling_performance');

  const sessions = new Map(input.futureSessions.map((s) => [s.id, clone(s)]));
  const changed = new Set<string>();
  const reasons: TrainingControllerOutput['reasons'] = [];
  const volumeChanges: Record<string, number> = {};
  let decision: TrainingDecision = 'hold';
  let deloadFrom: string | null = null;

  const nextWeekEnd = addDays(input.effectiveFrom, 6);
  const nextWeek = [...sessions.values()].filter((s) => s.date <= nextWeekEnd);
  const recoveryGood = !signals.includes('poor_recovery');
  const noSessions = ev.sessionsPlanned === 0 || ev.completion === null;

  if (signals.length >= DELOAD_SIGNALS && nextWeek.length > 0 && !nextWeek.some((s) => s.isDeload)) {
    decision = 'deload';
    deloadFrom = input.effectiveFrom;
    for (const s of nextWeek) {
      s.isDeload = true;
      for (const e of s.exercises) {
        const sets = Math.max(1, Math.round(e.sets * DELOAD_SET_FRACTION));
        setSets(s, e, sets);
        e.targetRir = Math.min(MAX_RIR, e.targetRir + DELOAD_RIR_INCREASE);
        e.notes = `Deload week (the reassessment saw ${signals.join(', ').replace(/_/g, ' ')}): about half the sets, stop at RIR ${e.targetRir}.`;
      }
      changed.add(s.id);
    }
    reasons.push({ code: 'deload', message: `Signs of fatigue (${signals.map(describe).join('; ')}): the week from ${input.effectiveFrom} is a deload, with about half the sets.` });
  } else if (!noSessions && signals.length > 0) {
    decision = 'reduce';
  } else if (!noSessions && (ev.completion ?? 0) >= COMPLETION_GOOD && recoveryGood && (ev.rpeDrift ?? 0) < RPE_DRIFT_FATIGUE) {
    decision = 'progress';
  }

  if (decision === 'reduce' || decision === 'progress') {
    const landmarks = volumeLandmarks(input.experience);
    const muscles = new Set<string>();
    for (const s of sessions.values()) for (const e of s.exercises) for (const m of input.primaryMuscles(e.exerciseId)) muscles.add(m);
    for (const muscle of [...muscles].sort()) {
      let delta = 0;
      if (decision === 'reduce') delta = -SETS_STEP_PER_MUSCLE;
      else if (muscleRising(muscle, input)) delta = SETS_STEP_PER_MUSCLE;
      if (delta === 0) continue;
      let applied = false;
      for (const week of weeksOf([...sessions.values()].filter((s) => !s.isDeload))) {
        const weekly = week.reduce((n, s) => n + s.exercises.filter((e) => input.primaryMuscles(e.exerciseId).includes(muscle)).reduce((k, e) => k + e.sets, 0), 0);
        if (delta > 0 && weekly + delta > landmarks.max) continue;
        if (delta < 0 && weekly + delta < landmarks.min) continue;
        const candidates = week.flatMap((s) => s.exercises.filter((e) => input.primaryMuscles(e.exerciseId).includes(muscle)).map((e) => ({ s, e })));
        const pick = delta > 0
          ? candidates.filter((c) => c.e.sets + delta <= MAX_SETS_PER_EXERCISE).sort((a, b) => a.e.sets - b.e.sets)[0]
          : candidates.filter((c) => c.e.sets + delta >= MIN_SETS_PER_EXERCISE).sort((a, b) => b.e.sets - a.e.sets)[0];
        if (!pick) continue;
        setSets(pick.s, pick.e, pick.e.sets + delta);
        changed.add(pick.s.id);
        applied = true;
      }
      if (applied) volumeChanges[muscle] = delta;
    }
    const list = Object.keys(volumeChanges).map((m) => m.replace(/_/g, ' '));
    if (decision === 'reduce') {
      reasons.push({ code: 'volume_down', message: `Signs of fatigue (${signals.map(describe).join('; ')}): ${list.length ? `one set less a week for ${list.join(', ')}` : 'volume is already at its minimum'}.` });
    } else if (list.length) {
      reasons.push({ code: 'volume_up', message: `Your lifts are going up, you did ${Math.round((ev.completion ?? 0) * 100)} % of your sessions and recovery is good: one set more a week for ${list.join(', ')}.` });
    } else {
      decision = 'hold';
    }
  }
  if (decision === 'hold') reasons.push({ code: 'volume_held', message: noSessions ? 'No sessions were planned or assessed in the last two weeks: training volume stays as planned.' : 'Training volume stays as planned.' });

  // Loads from logged performance: the latest estimated 1RM of each exercise, the load for its
  // reps at the target RIR, at most MAX_LOAD_CHANGE_FRACTION from the planned load per reassessment.
  const loadChanges: TrainingControllerOutput['loadChanges'] = [];
  const seen = new Set<string>();
  for (const s of sessions.values()) {
    if (s.isDeload && deloadFrom === null) continue;
    for (const e of s.exercises) {
      const perf = ev.e1rm[e.exerciseId];
      if (!perf) continue;
      let load = loadForReps(perf.latest, e.repsMin, e.targetRir);
      if (!(load > 0)) continue;
      if (e.loadKg !== null && e.loadKg > 0) {
        const lo = e.loadKg * (1 - MAX_LOAD_CHANGE_FRACTION);
        const hi = e.loadKg * (1 + MAX_LOAD_CHANGE_FRACTION);
        load = Math.round(Math.min(hi, Math.max(lo, load)) * 2) / 2;
      }
      if (e.loadKg !== null && Math.abs(load - e.loadKg) < 0.25) continue;
      if (!seen.has(e.exerciseId)) {
        seen.add(e.exerciseId);
        loadChanges.push({ exerciseId: e.exerciseId, fromKg: e.loadKg, toKg: load, e1rmKg: perf.latest });
      }
      e.loadKg = load;
      if (!s.isDeload) e.notes = `Load ${load} kg from your logged lifts (estimated 1RM ${perf.latest} kg, Epley): ${e.repsMin}-${e.repsMax} reps at RIR ${e.targetRir}.`;
      changed.add(s.id);
    }
  }
  if (loadChanges.length) reasons.push({ code: 'loads_from_performance', message: `Loads for ${loadChanges.length} exercise${loadChanges.length === 1 ? '' : 's'} now follow your logged lifts.` });

  return {
    decision, fatigueSignals: signals, volumeChanges, loadChanges, deloadFrom,
    sessions: input.futureSessions.filter((s) => changed.has(s.id)).map((s) => sessions.get(s.id)!),
    reasons,
  };
}

function describe(signal: string): string {
  switch (signal) {
    case 'rpe_drift': return 'sessions felt harder than before';
    case 'missed_sessions': return 'sessions were missed';
    case 'poor_recovery': return 'soreness or low energy';
    case 'falling_performance': return 'your lifts went down';
    default: return signal;
  }
}

/** Whether the muscle's exercises' estimated 1RMs rose (the overall trend when none of them was logged in both weeks). */
function muscleRising(muscle: string, input: TrainingControllerInput): boolean {
  const trends = Object.entries(input.evidence.e1rm)
    .filter(([id, e]) => e.firstWeek && e.secondWeek && input.primaryMuscles(id).includes(muscle))
    .map(([, e]) => ((e.secondWeek! - e.firstWeek!) / e.firstWeek!) * 100);
  if (trends.length) return trends.reduce((s, t) => s + t, 0) / trends.length >= E1RM_RISING_PCT;
  return (input.evidence.e1rmTrendPct ?? 0) >= E1RM_RISING_PCT;
}

/** Sessions grouped by program week, in order. */
function weeksOf(sessions: readonly StoredSession[]): StoredSession[][] {
  const byWeek = new Map<number, StoredSession[]>();
  for (const s of [...sessions].sort((a, b) => a.date.localeCompare(b.date))) {
    const list = byWeek.get(s.week) ?? [];
    list.push(s);
    byWeek.set(s.week, list);
  }
  return [...byWeek.values()];
}

/** Changes an exercise's sets and the session's estimated minutes with it (a set: its reps and its rest). */
function setSets(session: StoredSession, exercise: Exercise, sets: number): void {
  const perSetSeconds = exercise.repsMax * SECONDS_PER_REP + exercise.restSeconds;
  const deltaMinutes = ((sets - exercise.sets) * perSetSeconds) / 60;
  exercise.sets = sets;
  session.estimatedMinutes = Math.max(1, Math.round(session.estimatedMinutes + deltaMinutes));
}

function clone(s: StoredSession): StoredSession {
  return { ...s, exercises: s.exercises.map((e) => ({ ...e })) };
}
