import { createHash } from 'node:crypto';
import type {
  AdjustmentProposal, AdjustmentReason, DayAnalysisInputs, NutritionOverride, ReadinessComponent, TrainingOverride,
  TrainingOverrideExercise,
} from './contracts';
import { BANDS } from './readiness.constants';
import {
  ACWR_REDUCE_ABOVE, HARD_DAY, RECOVERY_NUTRITION, RULE_CONFIDENCE, SESSION_CHANGES, SKIPPED_EASE_BACK_AT,
} from './rules.constants';

/**
 * The version of the rules below and their constants. Bump it with any change to what they
 * propose: it is stored with each proposal and is part of the inputs hash.
 */
export const ADJUSTMENT_RULES_VERSION = 1;

type Session = NonNullable<DayAnalysisInputs['plannedSession']>;
type TrainingKind = TrainingOverride['kind'];

/** Which training change wins when several rules fire: the strongest. */
const TRAINING_STRENGTH: Readonly<Record<TrainingKind, number>> = { rest: 4, recovery: 3, lighter: 2, reduced: 1 };

/** One rule that fired: its reason, how sure it is, and the change it asks for. */
interface Fired {
  reason: AdjustmentReason;
  confidence: number;
  training?: TrainingOverride;
  nutrition?: NutritionOverride;
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

const SIGNAL_WORDS: Readonly<Record<ReadinessComponent['signal'], string>> = {
  sleep_hours: 'short sleep', sleep_quality: 'poor sleep quality', stress: 'high stress', soreness: 'soreness',
  energy: 'low energy', hrv: 'a low HRV', resting_hr: 'a raised resting heart rate',
};

/** "short sleep and soreness": the (at most two) signals furthest below the person's usual. */
function worstSignals(components: readonly ReadinessComponent[]): string | null {
  const worst = [...components].filter((c) => c.z <= -1).sort((a, b) => a.z - b.z || a.signal.localeCompare(b.signal)).slice(0, 2);
  return worst.length ? worst.map((c) => SIGNAL_WORDS[c.signal]).join(' and ') : null;
}

function plannedExercises(session: Session): TrainingOverrideExercise[] {
  return session.exercises.map(({ plannedExerciseId, exerciseId, sets, repsMin, repsMax, targetRir, loadKg }) =>
    ({ plannedExerciseId, exerciseId, sets, repsMin, repsMax, targetRir, loadKg }));
}

const totalSets = (exercises: readonly { sets: number }[]): number => exercises.reduce((a, e) => a + e.sets, 0);

function minutesFor(session: Session, exercises: readonly TrainingOverrideExercise[]): number {
  const planned = totalSets(session.exercises);
  if (exercises.length === 0) return 0;
  const share = planned > 0 ? totalSets(exercises) / planned : 1;
  return Math.max(SESSION_CHANGES.minMinutes, Math.round(session.estimatedMinutes * share));
}

const fewerSets = (sets: number): number => Math.max(SESSION_CHANGES.minSets, Math.round(sets * SESSION_CHANGES.setsKeptShare));

/** The session with a third fewer sets and `rirStep` more reps in reserve, every exercise kept. */
function cutSession(session: Session, kind: 'lighter' | 'reduced', rirStep: number): TrainingOverride {
  const exercises = plannedExercises(session).map((e) => ({
    ...e, sets: fewerSets(e.sets), targetRir: Math.min(SESSION_CHANGES.rirMax, e.targetRir + rirStep),
  }));
  return { kind, sessionId: session.id, exercises, estimatedMinutes: minutesFor(session, exercises) };
}

function recoverySession(session: Session): TrainingOverride {
  const r = SESSION_CHANGES.recovery;
  const exercises = plannedExercises(session).slice(0, r.exercises).map((e) => ({
    ...e, sets: Math.min(e.sets, r.sets), targetRir: Math.max(e.targetRir, r.rir),
    loadKg: e.loadKg === null ? null : Math.round(e.loadKg * r.loadShare * 2) / 2,
  }));
  return { kind: 'recovery', sessionId: session.id, exercises, estimatedMinutes: minutesFor(session, exercises) };
}

const restDay = (session: Session): TrainingOverride => ({ kind: 'rest', sessionId: session.id, exercises: [], estimatedMinutes: 0 });

/** Low readiness: lighter (or, on a deload, a recovery session); very low: rest. */
function readinessRule(inputs: DayAnalysisInputs, session: Session): Fired | null {
  const readiness = inputs.readiness;
  if (!readiness || (readiness.band !== 'low' && readiness.band !== 'very_low')) return null;
  const why = worstSignals(readiness.components);
  const because = why ? `, mostly from ${why}` : '';
  if (readiness.band === 'very_low') {
    return {
      reason: { code: 'READINESS_VERY_LOW', message: `Your readiness is very low today${because}, so today is a rest day instead of ${session.name}.` },
      confidence: readiness.confidence,
      training: restDay(session),
    };
  }
  if (session.isDeload) {
    return {
      reason: { code: 'READINESS_LOW', message: `Your readiness is low today${because}, so ${session.name} becomes a short, easy recovery session.` },
      confidence: readiness.confidence,
      training: recoverySession(session),
    };
  }
  const lowerHalf = readiness.score < (BANDS.low + BANDS.normal) / 2;
  const step = lowerHalf ? SESSION_CHANGES.lighterRirStep.lowerHalf : SESSION_CHANGES.lighterRirStep.upperHalf;
  return {
    reason: {
      code: 'READINESS_LOW',
      message: `Your readiness is low today${because}, so ${session.name} is lighter: fewer sets and ${step} more rep${step > 1 ? 's' : ''} in reserve, same exercises.`,
    },
    confidence: readiness.confidence,
    training: cutSession(session, 'lighter', step),
  };
}

function acwrRule(inputs: DayAnalysisInputs, session: Session): Fired | null {
  const ratio = inputs.acuteChronicRatio;
  if (ratio === null || !(ratio > ACWR_REDUCE_ABOVE)) return null;
  return {
    reason: {
      code: 'ACWR_HIGH',
      message: `Your training load over the last week is ${ratio.toFixed(2)} times your 4-week average, so today's volume is reduced to keep injury risk down.`,
    },
    confidence: RULE_CONFIDENCE.acwr,
    training: cutSession(session, 'reduced', 0),
  };
}

function skippedRule(inputs: DayAnalysisInputs, session: Session): Fired | null {
  const n = inputs.skippedSessionsLast7Days;
  if (n < SKIPPED_EASE_BACK_AT) return null;
  return {
    reason: {
      code: 'EASE_BACK_AFTER_MISSED',
      message: `You missed ${n} planned sessions in the last week, so today eases back in with fewer sets rather than making up the missed work.`,
    },
    confidence: RULE_CONFIDENCE.skipped,
    training: cutSession(session, 'reduced', 0),
  };
}

/** Poor sleep or high stress on a deficit day: eat at maintenance today, protein kept, the extra mostly carbohydrate. */
function recoveryNutritionRule(inputs: DayAnalysisInputs): Fired[] {
  const { context, dayTargets: t, maintenanceKcal: maintenance } = inputs;
  if (!context || !t || maintenance === null) return [];
  const deficit = maintenance - t.kcal;
  if (deficit < RECOVERY_NUTRITION.deficitAtLeastKcal) return [];
  const r = RECOVERY_NUTRITION;
  const poorSleep = context.sleepHours < r.poorSleepHoursBelow || context.sleepQuality <= r.poorSleepQualityAtMost;
  const highStress = context.stress >= r.highStressAtLeast;
  if (!poorSleep && !highStress) return [];
  const nutrition: NutritionOverride = {
    kcal: Math.round(maintenance),
    proteinG: t.proteinG,
    carbsG: round1(t.carbsG + (deficit * r.carbShareOfExtra) / 4),
    fatG: round1(t.fatG + (deficit * (1 - r.carbShareOfExtra)) / 9),
  };
  const confidence = inputs.readiness?.confidence ?? RULE_CONFIDENCE.hardDay;
  const fired: Fired[] = [];
  if (poorSleep) {
    fired.push({ reason: { code: 'POOR_SLEEP_ON_DEFICIT', message: `You slept badly, so today you eat at maintenance (${nutrition.kcal} kcal) instead of a deficit, to protect muscle and recovery; protein stays the same.` }, confidence, nutrition });
  }
  if (highStress) {
    fired.push({ reason: { code: 'HIGH_STRESS_ON_DEFICIT', message: `Your stress is high, so today you eat at maintenance (${nutrition.kcal} kcal) instead of a deficit; protein stays the same.` }, confidence, nutrition });
  }
  return fired;
}

/** A hard session as planned: many sets or a long session. */
export function isHardSession(session: Session): boolean {
  return totalSets(session.exercises) >= HARD_DAY.minSets || session.estimatedMinutes >= HARD_DAY.minMinutes;
}

/** A hard training day: move energy from fat to carbohydrate, energy unchanged. */
function hardDayRule(inputs: DayAnalysisInputs, session: Session): Fired | null {
  const t = inputs.dayTargets;
  if (!t || !isHardSession(session)) return null;
  const fatFloorG = (t.kcal * HARD_DAY.fatFloorEnergyShare) / 9;
  const newFat = Math.max(fatFloorG, t.fatG * (1 - HARD_DAY.fatShiftShare));
  const movedKcal = (t.fatG - newFat) * 9;
  const carbsUp = movedKcal / 4;
  if (carbsUp < HARD_DAY.minCarbShiftG) return null;
  return {
    reason: {
      code: 'HARD_DAY_CARBS',
      message: `${session.name} is a hard session, so about ${Math.round(carbsUp)} g more carbohydrate (and less fat) fuel it today; total energy stays the same.`,
    },
    confidence: RULE_CONFIDENCE.hardDay,
    nutrition: { kcal: t.kcal, proteinG: t.proteinG, carbsG: round1(t.carbsG + carbsUp), fatG: round1(newFat) },
  };
}

function sameSession(a: TrainingOverride, session: Session): boolean {
  const planned = plannedExercises(session);
  return a.kind !== 'rest' && a.exercises.length === planned.length
    && a.exercises.every((e, i) => e.sets === planned[i].sets && e.targetRir === planned[i].targetRir && e.loadKg === planned[i].loadKg);
}

/** Keys sorted at every level, so that the same inputs always give the same text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * A hash of exactly what the rules read (the context's signals, not its notes or body weight),
 * with the rules' version: the same day with the same inputs hashes the same.
 */
export function adjustmentInputsHash(inputs: DayAnalysisInputs): string {
  const c = inputs.context;
  const read = {
    rulesVersion: ADJUSTMENT_RULES_VERSION,
    userId: inputs.userId,
    date: inputs.date,
    programId: inputs.programId,
    context: c && { sleepHours: c.sleepHours, sleepQuality: c.sleepQuality, stress: c.stress, soreness: c.soreness, energy: c.energy, hrvMs: c.hrvMs, restingHr: c.restingHr },
    readiness: inputs.readiness && { score: inputs.readiness.score, band: inputs.readiness.band, confidence: inputs.readiness.confidence, components: inputs.readiness.components },
    plannedSession: inputs.plannedSession,
    dayTargets: inputs.dayTargets,
    maintenanceKcal: inputs.maintenanceKcal,
    acuteChronicRatio: inputs.acuteChronicRatio,
    skippedSessionsLast7Days: inputs.skippedSessionsLast7Days,
  };
  return createHash('sha256').update(stableJson(read)).digest('hex');
}

/**
 * The day's adjustment, or null when no rule fires or there is nothing to change. Pure: the
 * strongest training change wins (rest > recovery > lighter > reduced), a rule's reason is kept
 * only when its change is the one proposed, and nutrition comes from the recovery rule, else the
 * hard-day rule (only when the session is not changed: a lightened session is no longer hard).
 */
export function proposeAdjustment(inputs: DayAnalysisInputs): AdjustmentProposal | null {
  if (inputs.programId === null) return null;
  const session = inputs.plannedSession;
  const used: Fired[] = [];

  let training: TrainingOverride | null = null;
  if (session) {
    const candidates = [readinessRule(inputs, session), acwrRule(inputs, session), skippedRule(inputs, session)]
      .filter((f): f is Fired & { training: TrainingOverride } => !!f?.training && !sameSession(f.training, session));
    if (candidates.length) {
      const top = Math.max(...candidates.map((f) => TRAINING_STRENGTH[f.training.kind]));
      const winners = candidates.filter((f) => TRAINING_STRENGTH[f.training.kind] === top);
      training = winners[0].training;
      // Weaker rules agree (the day should be easier) and their reasons still explain it.
      used.push(...winners, ...candidates.filter((f) => !winners.includes(f)));
    }
  }

  let nutrition: NutritionOverride | null = null;
  const recovery = recoveryNutritionRule(inputs);
  if (recovery.length) {
    nutrition = recovery[0].nutrition!;
    used.push(...recovery);
  } else if (session && !training) {
    const hard = hardDayRule(inputs, session);
    if (hard) {
      nutrition = hard.nutrition!;
      used.push(hard);
    }
  }

  if (!training && !nutrition) return null;
  const best = Math.max(...used.map((f) => f.confidence));
  const confidence = Math.min(RULE_CONFIDENCE.max, best + RULE_CONFIDENCE.agreementBonus * (used.length - 1));
  return {
    overrideType: training && nutrition ? 'both' : training ? 'training' : 'nutrition',
    trainingOverride: training,
    nutritionOverride: nutrition,
    confidence: Math.round(confidence * 1000) / 1000,
    reasons: used.map((f) => f.reason),
    rulesVersion: ADJUSTMENT_RULES_VERSION,
    inputsHash: adjustmentInputsHash(inputs),
  };
}
