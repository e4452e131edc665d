import type { StoredSession } from '../programs/program';
import { RecordedEvent } from '../core/eventStore/types';
import { notificationsFor } from '../notifications/notificationSources';
import { bestE1rm, emaLagShare, trendWeights, TrainingEvidence, weightEvidence } from './evidence';
import { rescaleMeals } from './mealRescale';
import { runTrainingController, TrainingControllerInput } from './trainingController';

const muscles: Record<string, string[]> = { press: ['chest'], row: ['upper_back'], squat: ['quads'] };

function session(id: string, date: string, week: number, sets = 3): StoredSession {
  return {
    id, week, day: 1, date, name: 'Full Body A', focus: 'full_body', isDeload: false, estimatedMinutes: 45,
    exercises: ['press', 'row', 'squat'].map((exerciseId, i) => ({
      id: `${id}-${i}`, exerciseId, position: i + 1, sets, repsMin: 8, repsMax: 12, targetRir: 2, restSeconds: 90, loadKg: 40, notes: null,
    })),
  };
}

const future = [session('a', '2026-03-17', 3), session('b', '2026-03-19', 3), session('c', '2026-03-24', 4), session('d', '2026-03-26', 4)];

const evidence = (over: Partial<TrainingEvidence> = {}): TrainingEvidence => ({
  sessionsPlanned: 6, sessionsDone: 6, sessionsSkipped: 0, completion: 1, rpeFirstWeek: 7, rpeSecondWeek: 7, rpeDrift: 0,
  e1rm: { press: { firstWeek: 50, secondWeek: 52, latest: 52 } }, e1rmTrendPct: 4, meanSoreness: 2, meanEnergy: 4, ...over,
});

const input = (over: Partial<TrainingControllerInput> = {}): TrainingControllerInput => ({
  experience: 'BEGINNER', evidence: evidence(), futureSessions: future, effectiveFrom: '2026-03-17', primaryMuscles: (id) => muscles[id] ?? [], ...over,
});

const weeklySets = (sessions: readonly StoredSession[], week: number, muscle: string) => sessions.filter((s) => s.week === week)
  .reduce((n, s) => n + s.exercises.filter((e) => muscles[e.exerciseId].includes(muscle)).reduce((k, e) => k + e.sets, 0), 0);

function merged(out: { sessions: StoredSession[] }, base: readonly StoredSession[] = future): StoredSession[] {
  const byId = new Map(base.map((s) => [s.id, s]));
  for (const s of out.sessions) byId.set(s.id, s);
  return [...byId.values()];
}

describe('training controller', () => {
  it('adds a weekly set for a muscle whose lifts rise when sessions are done and recovery is good', () => {
    // Only the press was logged in both weeks (and rose); the overall trend alone would not count as rising.
    const out = runTrainingController(input({ evidence: evidence({ e1rmTrendPct: 0 }) }));
    expect(out.decision).toBe('progress');
    expect(out.volumeChanges).toEqual({ chest: 1 });
    const plan = merged(out);
    expect(weeklySets(plan, 3, 'chest')).toBe(7);
    expect(weeklySets(plan, 4, 'chest')).toBe(7);
    expect(weeklySets(plan, 3, 'quads')).toBe(6);
  });

  it('stays inside the volume landmarks (beginner max 12 sets a week)', () => {
    const full = future.map((s) => ({ ...s, exercises: s.exercises.map((e) => ({ ...e, sets: 5 })) }));
    // Two sessions of 5 sets a week: 10; +1 fits once but not a second time beyond 12.
    const out = runTrainingController(input({ futureSessions: full }));
    for (const week of [3, 4]) expect(weeklySets(merged({ sessions: out.sessions.length ? out.sessions : full }), week, 'chest')).toBeLessThanOrEqual(12);
  });

  it('takes a set off on fatigue and calls a deload when the signals agree', () => {
    const four = future.map((s) => ({ ...s, exercises: s.exercises.map((e) => ({ ...e, sets: 4 })) }));
    const tired = runTrainingController(input({ futureSessions: four, evidence: evidence({ rpeDrift: 1.5, e1rmTrendPct: 0, e1rm: {} }) }));
    expect(tired.decision).toBe('reduce');
    expect(tired.fatigueSignals).toEqual(['rpe_drift']);
    expect(weeklySets(merged(tired, four), 3, 'quads')).toBe(7);
    expect(weeklySets(merged(tired, four), 4, 'quads')).toBe(7);
    // At the landmark's minimum (beginner: 6 a week) nothing is taken off.
    const atMin = runTrainingController(input({ evidence: evidence({ rpeDrift: 1.5, e1rmTrendPct: 0, e1rm: {} }) }));
    expect(weeklySets(merged(atMin), 3, 'quads')).toBe(6);
    const spent = runTrainingController(input({ evidence: evidence({ rpeDrift: 1.5, completion: 0.5, meanSoreness: 4.5, e1rm: {} }) }));
    expect(spent.decision).toBe('deload');
    expect(spent.deloadFrom).toBe('2026-03-17');
    const week3 = merged(spent).filter((s) => s.week === 3);
    expect(week3.every((s) => s.isDeload && s.exercises.every((e) => e.sets === 2 && e.targetRir === 4))).toBe(true);
    expect(merged(spent).filter((s) => s.week === 4).every((s) => !s.isDeload)).toBe(true);
  });

  it('sets loads from logged performance (Epley e1RM), at most 10 % from the plan per reassessment', () => {
    const out = runTrainingController(input({ evidence: evidence({ e1rm: { press: { firstWeek: 60, secondWeek: 60, latest: 60 }, row: { firstWeek: 20, secondWeek: 20, latest: 20 } } }) }));
    // press: 60 / (1 + (8 + 2) / 30) = 45 -> capped at 44; row: 15 -> floored at 36.
    const press = out.loadChanges.find((c) => c.exerciseId === 'press');
    const row = out.loadChanges.find((c) => c.exerciseId === 'row');
    expect(press).toMatchObject({ fromKg: 40, toKg: 44 });
    expect(row).toMatchObject({ fromKg: 40, toKg: 36 });
    expect(merged(out).every((s) => s.exercises.find((e) => e.exerciseId === 'press')!.loadKg === 44)).toBe(true);
  });
});

describe('evidence', () => {
  it('smooths weight with a gap-aware EMA', () => {
    const t = trendWeights([{ date: '2026-03-01', kg: 80 }, { date: '2026-03-02', kg: 81 }, { date: '2026-03-05', kg: 81 }]);
    expect(t[1].kg).toBeCloseTo(80.1, 6);
    // Three days later: alpha_eff = 1 - 0.9^3 = 0.271.
    expect(t[2].kg).toBeCloseTo(80.1 + 0.271 * 0.9, 6);
  });

  it('reads a steady loss at its real rate, also in a first window where the trend starts', () => {
    const weighIns = Array.from({ length: 14 }, (_, i) => ({ date: `2026-03-${String(i + 2).padStart(2, '0')}`, kg: 80 - 0.1 * i }));
    const ev = weightEvidence(weighIns, { from: '2026-03-02', to: '2026-03-15' });
    expect(ev.rateKgPerWeek).toBeCloseTo(-0.7, 1);
    expect(emaLagShare(0, 13)).toBeLessThan(0.6);
    expect(emaLagShare(60, 74)).toBeGreaterThan(0.99);
    expect(weightEvidence(weighIns.slice(0, 4), { from: '2026-03-02', to: '2026-03-15' }).rateKgPerWeek).toBeNull();
  });

  it('estimates a 1RM from reps and RIR, ignoring sets it cannot read', () => {
    expect(bestE1rm([{ reps: 8, loadKg: 60, rir: 2 }, { reps: 5, loadKg: null, rir: null }, { reps: 40, loadKg: 20, rir: 0 }])).toBeCloseTo(80, 6);
  });
});

describe('meal rescale and the notification', () => {
  it('scales each future day to the new target and leaves earlier days alone', () => {
    const meal = (id: string, date: string, kcal: number) => ({
      id, week: 1, day: 1, date, slot: 1, name: 'Lunch', kcal, proteinG: 30, carbsG: 50, fatG: 20,
      items: [{ id: `${id}-i`, foodId: 'rice', position: 1, grams: 200, kcal, proteinG: 30, carbsG: 50, fatG: 20 }],
    });
    const out = rescaleMeals([meal('x', '2026-03-16', 1000), meal('y', '2026-03-17', 1000), meal('z', '2026-03-17', 1000)], '2026-03-17', 2200);
    expect(out.map((m) => m.id)).toEqual(['y', 'z']);
    expect(out.reduce((s, m) => s + m.kcal, 0)).toBeCloseTo(2200, 0);
    expect(out[0].items[0]).toMatchObject({ grams: 220, proteinG: 33 });
  });

  it("tells the person what changed and why ('reassessment' notification)", () => {
    const event = {
      globalPosition: 7, streamId: 'program-p', streamVersion: 1, type: 'ReassessmentApplied', userId: 'u', recordedAt: new Date(), metadata: {},
      data: {
        programId: 'p', reassessmentId: 'r', effectiveFrom: '2026-03-17', nextReassessmentDate: '2026-03-30',
        explanation: { actor: 'reassessment', summary: 'Reassessment of 2026-03-16: calories 2000 -> 2200 kcal a day from 2026-03-17.', reasons: [{ code: 'rate_below_target', message: 'You lost faster than planned.' }] },
      },
    } as unknown as RecordedEvent;
    const [n] = notificationsFor(event, undefined, '2026-03-16T09:00:00.000Z');
    expect(n).toMatchObject({ kind: 'reassessment', userId: 'u', title: 'Your plan was reassessed', data: { programId: 'p', effectiveFrom: '2026-03-17' } });
    expect(n.body).toContain('2000 -> 2200');
    expect(n.body).toContain('You lost faster than planned.');
  });
});
