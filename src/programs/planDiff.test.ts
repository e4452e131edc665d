import { applyPlanDiff, applyTargets, applyToSnapshot, targetsOn } from './planDiff';
import { EMPTY_PLAN_DIFF } from './planChange.contracts';
import type { ProgramBundle, StoredMeal, StoredSession } from './program';
import type { NutritionTargets } from './nutrition/targets';

const session = (id: string, date: string, name = 'Upper A'): StoredSession => ({
  id, week: 1, day: 1, date, name, focus: 'upper', isDeload: false, estimatedMinutes: 50,
  exercises: [{ id: `${id}-e1`, exerciseId: 'dumbbell_bench_press', position: 1, sets: 3, repsMin: 8, repsMax: 12, targetRir: 2, restSeconds: 90, loadKg: null, notes: null }],
});
const meal = (id: string, date: string, slot: number): StoredMeal => ({
  id, week: 1, day: 1, date, slot, name: 'Lunch', kcal: 500, proteinG: 30, carbsG: 50, fatG: 15,
  items: [{ id: `${id}-i1`, foodId: 'oats', position: 1, grams: 100, kcal: 500, proteinG: 30, carbsG: 50, fatG: 15 }],
});
const targets = (kcal: number) => ({ targetKcal: kcal } as NutritionTargets);

const bundle: ProgramBundle = {
  sessions: [session('s1', '2026-03-02'), session('s2', '2026-03-04'), session('s3', '2026-03-06')],
  meals: [meal('m1', '2026-03-02', 1), meal('m2', '2026-03-02', 2)],
};

describe('applyPlanDiff', () => {
  it('is the identity for an empty diff and leaves its inputs alone', () => {
    const copy = JSON.parse(JSON.stringify(bundle));
    expect(applyPlanDiff(bundle, EMPTY_PLAN_DIFF)).toEqual(bundle);
    expect(bundle).toEqual(copy);
  });

  it('replaces by id, adds new ones, drops removed sessions, and keeps date order', () => {
    const moved = { ...session('s1', '2026-03-05'), name: 'Upper A' };
    const added = session('s9', '2026-03-03', 'Extra');
    const smaller = { ...meal('m2', '2026-03-02', 2), kcal: 400 };
    const result = applyPlanDiff(bundle, { sessions: [moved, added], meals: [smaller], removedSessionIds: ['s3'], targets: null });
    expect(result.sessions.map((s) => [s.id, s.date])).toEqual([['s9', '2026-03-03'], ['s2', '2026-03-04'], ['s1', '2026-03-05']]);
    expect(result.meals.map((m) => [m.id, m.kcal])).toEqual([['m1', 500], ['m2', 400]]);
  });

  it('drops a session both written and removed by one diff', () => {
    const result = applyPlanDiff(bundle, { ...EMPTY_PLAN_DIFF, sessions: [session('s2', '2026-03-09')], removedSessionIds: ['s2'] });
    expect(result.sessions.map((s) => s.id)).toEqual(['s1', 's3']);
  });
});

describe('targets over time', () => {
  const history = [{ from: '2026-03-02', targets: targets(2000) }];
  it('puts new targets in force from their day; a later change replaces entries from its own day on', () => {
    const once = applyTargets(history, { from: '2026-03-17', targets: targets(1900) });
    const twice = applyTargets(once, { from: '2026-03-10', targets: targets(1800) });
    expect(once.map((e) => [e.from, e.targets.targetKcal])).toEqual([['2026-03-02', 2000], ['2026-03-17', 1900]]);
    expect(twice.map((e) => [e.from, e.targets.targetKcal])).toEqual([['2026-03-02', 2000], ['2026-03-10', 1800]]);
    expect(targetsOn(once, '2026-03-16')!.targets.targetKcal).toBe(2000);
    expect(targetsOn(once, '2026-03-17')!.targets.targetKcal).toBe(1900);
    // Before the program's start: the first entry.
    expect(targetsOn(once, '2026-03-01')!.targets.targetKcal).toBe(2000);
    expect(targetsOn([], '2026-03-01')).toBeNull();
  });

  it('a snapshot takes the diff, its targets and a reassessment\'s next date', () => {
    const snapshot = { ...bundle, targets: history, nextReassessmentDate: '2026-03-16' };
    const next = applyToSnapshot(snapshot, { ...EMPTY_PLAN_DIFF, removedSessionIds: ['s1'], targets: { from: '2026-03-17', targets: targets(1900) } }, '2026-03-30');
    expect(next.sessions).toHaveLength(2);
    expect(next.targets).toHaveLength(2);
    expect(next.nextReassessmentDate).toBe('2026-03-30');
    expect(applyToSnapshot(snapshot, EMPTY_PLAN_DIFF).nextReassessmentDate).toBe('2026-03-16');
  });
});
