import { EXERCISES } from '../reference/exercises.data';
import { assessMeal, assessSession } from '../adherence/adherence.rules';
import { ActivityFacts, PlannedSessionFacts, sessionSimilarity } from './similarity';

const library = new Map(EXERCISES.map((e) => [e.id, e]));
const lookup = (id: string) => library.get(id);

const planned: PlannedSessionFacts = {
  kind: 'strength',
  estimatedMinutes: 50,
  exercises: [
    { exerciseId: 'barbell_back_squat', sets: 4, repsMin: 6, repsMax: 8, loadKg: 80 },
    { exerciseId: 'barbell_romanian_deadlift', sets: 3, repsMin: 8, repsMax: 10, loadKg: 60 },
    { exerciseId: 'leg_press', sets: 3, repsMin: 10, repsMax: 12, loadKg: 120 },
  ],
};

const sets = (n: number, reps: number, loadKg: number | null) => Array.from({ length: n }, () => ({ reps, loadKg, rir: 2 }));

const asPlanned: ActivityFacts = {
  kind: 'strength',
  durationMinutes: 52,
  exercises: [
    { exerciseId: 'barbell_back_squat', sets: sets(4, 7, 80) },
    { exerciseId: 'barbell_romanian_deadlift', sets: sets(3, 9, 60) },
    { exerciseId: 'leg_press', sets: sets(3, 11, 120) },
  ],
};

describe('session similarity and adherence', () => {
  it('scores a session done as planned at least 0.9, and completed', () => {
    const s = sessionSimilarity(planned, asPlanned, lookup);
    expect(s.score).toBeGreaterThanOrEqual(0.9);
    expect(s.volumeBasis).toBe('tonnage');
    expect(s.volumeRatio).toBeCloseTo(1, 2);
    expect(assessSession(s)).toMatchObject({ status: 'completed', colour: 'green' });
  });

  it('calls half the volume partial', () => {
    const half: ActivityFacts = {
      kind: 'strength',
      durationMinutes: 30,
      exercises: [
        { exerciseId: 'barbell_back_squat', sets: sets(2, 7, 80) },
        { exerciseId: 'barbell_romanian_deadlift', sets: sets(2, 9, 60) },
        { exerciseId: 'leg_press', sets: sets(1, 11, 120) },
      ],
    };
    const s = sessionSimilarity(planned, half, lookup);
    expect(s.volumeRatio).toBeGreaterThan(0.45);
    expect(s.volumeRatio).toBeLessThan(0.6);
    expect(assessSession(s).status).toBe('partial');
    expect(s.score).toBeLessThan(sessionSimilarity(planned, asPlanned, lookup).score);
  });

  it('calls a different session of the same patterns similar', () => {
    const swapped: ActivityFacts = {
      kind: 'strength',
      durationMinutes: 50,
      exercises: [
        { exerciseId: 'dumbbell_goblet_squat', sets: sets(4, 10, null) },
        { exerciseId: 'dumbbell_romanian_deadlift', sets: sets(3, 10, null) },
        { exerciseId: 'hack_squat', sets: sets(3, 10, null) },
      ],
    };
    const s = sessionSimilarity(planned, swapped, lookup);
    expect(s.exactShare).toBe(0);
    expect(s.patternShare).toBe(1);
    expect(s.volumeBasis).toBe('sets');
    expect(assessSession(s).status).toBe('similar');
    expect(s.score).toBeGreaterThan(0.7);
    expect(s.score).toBeLessThan(0.95);
  });

  it('scores a run in place of a strength session low and never completed', () => {
    const run: ActivityFacts = { kind: 'cardio', durationMinutes: 50, exercises: [] };
    const s = sessionSimilarity(planned, run, lookup);
    expect(s.score).toBeLessThan(0.3);
    expect(assessSession(s).status).not.toBe('completed');
  });

  it('falls back to duration when a strength session is logged without exercises', () => {
    const s = sessionSimilarity(planned, { kind: 'strength', durationMinutes: 25, exercises: [] }, lookup);
    expect(s.volumeRatio).toBeNull();
    expect(s.durationRatio).toBeCloseTo(0.5);
    expect(assessSession(s).status).toBe('partial');
  });

  it('bands meals on energy: ±10 % completed, ±25 % partial', () => {
    expect(assessMeal(600, 650).status).toBe('completed');
    expect(assessMeal(600, 540).status).toBe('completed');
    expect(assessMeal(600, 720)).toMatchObject({ status: 'partial', colour: 'yellow' });
    expect(assessMeal(600, 300)).toMatchObject({ status: 'partial', colour: 'orange' });
  });
});
