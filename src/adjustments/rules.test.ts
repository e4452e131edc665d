import { addDays } from '../core/dates';
import type { DailyContext, DayAnalysisInputs } from './contracts';
import { computeReadiness } from './readiness';
import { ADJUSTMENT_RULES_VERSION, proposeAdjustment } from './rules';

const USER = '00000000-0000-4000-8000-000000000001';
const DATE = '2026-03-10';

function ctx(over: Partial<DailyContext> = {}, date = DATE): DailyContext {
  return { userId: USER, date, sleepHours: 7.5, sleepQuality: 4, stress: 2, soreness: 2, energy: 4, hrvMs: null, restingHr: null, bodyWeightKg: null, notes: null, ...over };
}
const week = Array.from({ length: 7 }, (_, i) => ctx({ sleepHours: 7 + (i % 3) * 0.5 }, addDays(DATE, -(i + 1))));

const exercise = (n: number, sets = 3, targetRir = 2) => ({
  plannedExerciseId: `pe-${n}`, exerciseId: `ex-${n}`, sets, repsMin: 8, repsMax: 12, targetRir, loadKg: 60, position: n, restSeconds: 120,
});

function inputs(over: Partial<DayAnalysisInputs> = {}, today: Partial<DailyContext> = {}): DayAnalysisInputs {
  const context = ctx(today);
  return {
    userId: USER, date: DATE, programId: 'p-1', context, readiness: computeReadiness(context, week),
    plannedSession: { id: 's-1', name: 'Upper A', focus: 'upper', isDeload: false, estimatedMinutes: 60, exercises: [exercise(1, 4), exercise(2), exercise(3)] },
    dayTargets: { kcal: 2200, proteinG: 160, carbsG: 230, fatG: 70 },
    maintenanceKcal: 2200, acuteChronicRatio: 1.0, skippedSessionsLast7Days: 0,
    ...over,
  };
}

const codes = (p: ReturnType<typeof proposeAdjustment>) => p?.reasons.map((r) => r.code);

describe('proposeAdjustment', () => {
  it('proposes nothing after a good week', () => {
    expect(proposeAdjustment(inputs())).toBeNull();
  });

  it('proposes nothing without a program, or without a session and anything to shift', () => {
    expect(proposeAdjustment(inputs({ programId: null }, { sleepHours: 3, soreness: 5 }))).toBeNull();
    expect(proposeAdjustment(inputs({ plannedSession: null }, { sleepHours: 4, soreness: 5 }))).toBeNull();
  });

  it('makes a low-readiness day lighter: fewer sets, more reps in reserve, same exercises, with a reason', () => {
    const i = inputs({}, { sleepHours: 4, soreness: 5 });
    expect(i.readiness!.band).toBe('low');
    const p = proposeAdjustment(i)!;
    expect(p.overrideType).toBe('training');
    expect(p.trainingOverride!.kind).toBe('lighter');
    expect(p.trainingOverride!.sessionId).toBe('s-1');
    expect(p.trainingOverride!.exercises.map((e) => e.exerciseId)).toEqual(['ex-1', 'ex-2', 'ex-3']);
    expect(p.trainingOverride!.exercises.map((e) => e.sets)).toEqual([3, 2, 2]);
    for (const e of p.trainingOverride!.exercises) expect([3, 4]).toContain(e.targetRir);
    expect(p.trainingOverride!.estimatedMinutes).toBeLessThan(60);
    expect(codes(p)).toEqual(['READINESS_LOW']);
    expect(p.reasons[0].message).toMatch(/short sleep|soreness/);
    expect(p.rulesVersion).toBe(ADJUSTMENT_RULES_VERSION);
    expect(p.confidence).toBeGreaterThan(0);
    expect(p.confidence).toBeLessThanOrEqual(1);
  });

  it('turns a low day on a deload into a short recovery session', () => {
    const base = inputs({}, { sleepHours: 4, soreness: 5 });
    const p = proposeAdjustment({ ...base, plannedSession: { ...base.plannedSession!, isDeload: true } })!;
    expect(p.trainingOverride!.kind).toBe('recovery');
    expect(p.trainingOverride!.exercises).toHaveLength(2);
    expect(p.trainingOverride!.exercises.every((e) => e.sets <= 2 && e.targetRir >= 4 && e.loadKg === 48)).toBe(true);
  });

  it('rests on a very low day', () => {
    const p = proposeAdjustment(inputs({}, { sleepHours: 3, sleepQuality: 1, stress: 5, soreness: 5, energy: 1 }))!;
    expect(p.trainingOverride).toEqual({ kind: 'rest', sessionId: 's-1', exercises: [], estimatedMinutes: 0 });
    expect(codes(p)).toContain('READINESS_VERY_LOW');
  });

  it('reduces volume when the acute:chronic ratio is above 1.5, not at 1.5', () => {
    expect(proposeAdjustment(inputs({ acuteChronicRatio: 1.5 }))).toBeNull();
    const p = proposeAdjustment(inputs({ acuteChronicRatio: 1.62 }))!;
    expect(p.trainingOverride!.kind).toBe('reduced');
    expect(p.trainingOverride!.exercises.map((e) => [e.sets, e.targetRir])).toEqual([[3, 2], [2, 2], [2, 2]]);
    expect(codes(p)).toEqual(['ACWR_HIGH']);
    expect(p.reasons[0].message).toContain('1.62');
  });

  it('eases back after two skipped sessions in the week, not after one', () => {
    expect(proposeAdjustment(inputs({ skippedSessionsLast7Days: 1 }))).toBeNull();
    const p = proposeAdjustment(inputs({ skippedSessionsLast7Days: 2 }))!;
    expect(p.trainingOverride!.kind).toBe('reduced');
    expect(codes(p)).toEqual(['EASE_BACK_AFTER_MISSED']);
    // Total planned sets go down, never up: missed work is not piled on.
    expect(p.trainingOverride!.exercises.reduce((a, e) => a + e.sets, 0)).toBeLessThan(10);
  });

  it('proposes nothing when there is nothing to cut', () => {
    const base = inputs({ skippedSessionsLast7Days: 3, acuteChronicRatio: 2 });
    expect(proposeAdjustment({ ...base, plannedSession: { ...base.plannedSession!, exercises: [exercise(1, 1), exercise(2, 1)] } })).toBeNull();
  });

  it('holds a deficit day at maintenance after poor sleep or high stress, protein kept, extra mostly carbohydrate', () => {
    const deficit = { dayTargets: { kcal: 1800, proteinG: 160, carbsG: 160, fatG: 60 }, maintenanceKcal: 2300, plannedSession: null };
    for (const today of [{ sleepHours: 5.5 }, { sleepQuality: 2 }, { stress: 4 }]) {
      const p = proposeAdjustment(inputs(deficit, today))!;
      expect(p.overrideType).toBe('nutrition');
      const n = p.nutritionOverride!;
      expect(n.kcal).toBe(2300);
      expect(n.proteinG).toBe(160);
      expect((n.carbsG - 160) * 4).toBeGreaterThan((n.fatG - 60) * 9);
      expect(Math.abs(n.proteinG * 4 + n.carbsG * 4 + n.fatG * 9 - (160 * 4 + 160 * 4 + 60 * 9) - 500)).toBeLessThan(2);
    }
    expect(codes(proposeAdjustment(inputs(deficit, { sleepHours: 5, stress: 5 })))).toEqual(['POOR_SLEEP_ON_DEFICIT', 'HIGH_STRESS_ON_DEFICIT']);
    // Not on a maintenance day, and not after a good night.
    expect(proposeAdjustment(inputs({ ...deficit, maintenanceKcal: 1800 }, { sleepHours: 5 }))).toBeNull();
    expect(proposeAdjustment(inputs(deficit))).toBeNull();
  });

  it('moves carbohydrate toward a hard training day with energy unchanged', () => {
    const hard = inputs({ plannedSession: { id: 's-2', name: 'Legs', focus: 'legs', isDeload: false, estimatedMinutes: 80, exercises: [exercise(1, 5), exercise(2, 5)] } });
    const p = proposeAdjustment(hard)!;
    expect(p.overrideType).toBe('nutrition');
    expect(codes(p)).toEqual(['HARD_DAY_CARBS']);
    const n = p.nutritionOverride!;
    expect(n.kcal).toBe(2200);
    expect(n.proteinG).toBe(160);
    expect(n.carbsG).toBeGreaterThan(230);
    expect(n.fatG).toBeLessThan(70);
    expect(Math.abs((n.carbsG - 230) * 4 - (70 - n.fatG) * 9)).toBeLessThan(1);
    expect(n.fatG * 9).toBeGreaterThanOrEqual(2200 * 0.2 - 1);
    // 20 sets in 45 minutes is hard too; fat already at its floor is nothing to shift.
    expect(proposeAdjustment(inputs({ plannedSession: { ...hard.plannedSession!, estimatedMinutes: 45, exercises: [exercise(1, 10), exercise(2, 10)] } }))).not.toBeNull();
    expect(proposeAdjustment({ ...hard, dayTargets: { kcal: 2200, proteinG: 160, carbsG: 290, fatG: 49 } })).toBeNull();
  });

  it('combines: the strongest training change wins, reasons accumulate, recovery nutrition beats the hard-day shift', () => {
    const p = proposeAdjustment(inputs({
      acuteChronicRatio: 1.8, skippedSessionsLast7Days: 2, dayTargets: { kcal: 1800, proteinG: 160, carbsG: 160, fatG: 60 }, maintenanceKcal: 2300,
    }, { sleepHours: 4, soreness: 5 }))!;
    expect(p.overrideType).toBe('both');
    expect(p.trainingOverride!.kind).toBe('lighter');
    expect(codes(p)).toEqual(['READINESS_LOW', 'ACWR_HIGH', 'EASE_BACK_AFTER_MISSED', 'POOR_SLEEP_ON_DEFICIT']);
    expect(p.nutritionOverride!.kcal).toBe(2300);
    const alone = proposeAdjustment(inputs({}, { sleepHours: 4, soreness: 5 }))!;
    expect(p.confidence).toBeGreaterThan(alone.confidence);
    expect(p.confidence).toBeLessThanOrEqual(0.95);

    const rest = proposeAdjustment(inputs({ acuteChronicRatio: 1.8 }, { sleepHours: 3, sleepQuality: 1, stress: 5, soreness: 5, energy: 1 }))!;
    expect(rest.trainingOverride!.kind).toBe('rest');
    expect(codes(rest)).toEqual(['READINESS_VERY_LOW', 'ACWR_HIGH']);
    // A changed session is no longer hard: no carbohydrate shift on top.
    const hardButReduced = inputs({ acuteChronicRatio: 1.8, plannedSession: { id: 's-2', name: 'Legs', focus: 'legs', isDeload: false, estimatedMinutes: 80, exercises: [exercise(1, 5), exercise(2, 5)] } });
    expect(proposeAdjustment(hardButReduced)!.overrideType).toBe('training');
  });

  it('hashes exactly the inputs it reads', () => {
    const a = proposeAdjustment(inputs({}, { sleepHours: 4, soreness: 5 }))!;
    const again = proposeAdjustment(inputs({}, { sleepHours: 4, soreness: 5, notes: 'rough night', bodyWeightKg: 80 }))!;
    expect(again.inputsHash).toBe(a.inputsHash);
    const other = proposeAdjustment(inputs({}, { sleepHours: 4.5, soreness: 5 }))!;
    expect(other.inputsHash).not.toBe(a.inputsHash);
    expect(proposeAdjustment(inputs({ skippedSessionsLast7Days: 2 }, { sleepHours: 4, soreness: 5 }))!.inputsHash).not.toBe(a.inputsHash);
    // Key order does not matter.
    const i = inputs({}, { sleepHours: 4, soreness: 5 });
    const reordered = Object.fromEntries(Object.entries(i).reverse()) as unknown as DayAnalysisInputs;
    expect(proposeAdjustment(reordered)!.inputsHash).toBe(a.inputsHash);
  });
});
