import { randomUUID } from 'node:crypto';
import { appErrorOf, scenario } from '../core/testing/givenWhenThen';
import { EXERCISES } from '../reference/exercises.data';
import { ActivityLoggedData } from './activity';
import { ActivityInput, ActivityLookups, PlannedSessionCandidate, activityDecider } from './activity.decide';

const library = new Map(EXERCISES.map((e) => [e.id, e]));
const userId = randomUUID();
const now = '2026-12-02T20:00:00.000Z';

const session = (id: string, date: string, exerciseId = 'barbell_back_squat', held: string | null = null): PlannedSessionCandidate => ({
  id, programId: 'p1', date, kind: 'strength', estimatedMinutes: 40, heldByActivityId: held,
  exercises: [{ exerciseId, sets: 4, repsMin: 6, repsMax: 8, loadKg: 80 }],
});

const lookups = (candidates: PlannedSessionCandidate[], timeZone = 'Europe/Paris'): ActivityLookups => ({
  timeZone, exercise: (id) => library.get(id), candidates,
});

const squats: ActivityInput = {
  performedAt: '2026-12-02T17:30:00Z', kind: 'strength', durationMinutes: 42, rpe: 7,
  exercises: [{ exerciseId: 'barbell_back_squat', sets: Array.from({ length: 4 }, () => ({ reps: 7, loadKg: 80, rir: 2 })) }],
};

const run = (candidates: PlannedSessionCandidate[], timeZone?: string) =>
  scenario(activityDecider, { now, userId, lookups: lookups(candidates, timeZone) });

describe('activity decide', () => {
  it('matches the best free planned session within a local day, and scores it', () => {
    const [event] = run([session('far', '2026-12-05'), session('held', '2026-12-02', 'barbell_back_squat', 'other'),
      session('near', '2026-12-01', 'barbell_back_squat'), session('same-day-other', '2026-12-02', 'dumbbell_bench_press')])
      .given().when({ type: 'LogActivity', activityId: 'a1', input: squats });
    const data = event.data as ActivityLoggedData;
    expect(event.type).toBe('ActivityLogged');
    expect(data.activity.localDate).toBe('2026-12-02');
    expect(data.match).toMatchObject({ plannedSessionId: 'near', matchedBy: 'auto', assessment: { status: 'completed' } });
    expect(data.match!.similarity.score).toBeGreaterThanOrEqual(0.9);
  });

  it("uses the person's time zone for the local day", () => {
    const late = { ...squats, performedAt: '2026-12-02T23:30:00Z' };
    const [paris] = run([], 'Europe/Paris').given().when({ type: 'LogActivity', activityId: 'a', input: late });
    const [honolulu] = run([], 'Pacific/Honolulu').given().when({ type: 'LogActivity', activityId: 'a', input: late });
    expect((paris.data as ActivityLoggedData).activity.localDate).toBe('2026-12-03');
    expect((honolulu.data as ActivityLoggedData).activity.localDate).toBe('2026-12-02');
  });

  it('does not match a cardio activity to a strength session, nor anything two days away', () => {
    const [cardio] = run([session('s', '2026-12-02')]).given()
      .when({ type: 'LogActivity', activityId: 'a', input: { performedAt: squats.performedAt, kind: 'cardio', durationMinutes: 40, rpe: 5 } });
    expect((cardio.data as ActivityLoggedData).match).toBeNull();
    const [far] = run([session('s', '2026-12-04')]).given().when({ type: 'LogActivity', activityId: 'a', input: squats });
    expect((far.data as ActivityLoggedData).match).toBeNull();
  });

  it('refuses an explicit link to a session another activity holds, and to an unknown one', () => {
    const held = appErrorOf(() => run([session('s', '2026-12-02', 'barbell_back_squat', 'other')]).given()
      .when({ type: 'LogActivity', activityId: 'a', input: squats, plannedSessionId: 's' }));
    expect(held).toMatchObject({ code: 'CONFLICT', field: 'input.plannedSessionId' });
    const missing = appErrorOf(() => run([]).given().when({ type: 'LogActivity', activityId: 'a', input: squats, plannedSessionId: 'x' }));
    expect(missing).toMatchObject({ code: 'NOT_FOUND', field: 'input.plannedSessionId' });
  });

  it.each([
    [{ durationMinutes: 0 }, 'input.durationMinutes'],
    [{ durationMinutes: 48 * 60 }, 'input.durationMinutes'],
    [{ rpe: 11 }, 'input.rpe'],
    [{ rpe: -1 }, 'input.rpe'],
    [{ performedAt: '2026-12-04T20:00:01Z' }, 'input.performedAt'],
    [{ performedAt: 'yesterday' }, 'input.performedAt'],
    [{ exercises: [{ exerciseId: 'no_such_lift', sets: [{ reps: 5, loadKg: 10, rir: 1 }] }] }, 'input.exercises.0.exerciseId'],
    [{ exercises: [{ exerciseId: 'barbell_back_squat', sets: [{ reps: 5, loadKg: -5, rir: 1 }] }] }, 'input.exercises.0.sets.0.loadKg'],
  ])('refuses %j naming %s', (change, field) => {
    const error = appErrorOf(() => run([]).given().when({ type: 'LogActivity', activityId: 'a', input: { ...squats, ...change } as ActivityInput }));
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('re-matches on edit, keeps an explicit link, and forgets the link on delete', () => {
    const candidates = [session('mon', '2026-12-01'), session('wed', '2026-12-03')];
    const s = run(candidates);
    const [logged] = s.given().when({ type: 'LogActivity', activityId: 'a', input: squats, plannedSessionId: 'mon' });
    const [edited] = s.given(logged).when({ type: 'EditActivity', activityId: 'a', changes: { durationMinutes: 20 } });
    expect(edited.data).toMatchObject({ previousPlannedSessionId: 'mon', match: { plannedSessionId: 'mon', matchedBy: 'explicit' } });
    const [unlinked] = s.given(logged).when({ type: 'EditActivity', activityId: 'a', changes: {}, plannedSessionId: null });
    expect((unlinked.data as ActivityLoggedData).match).toBeNull();
    const [deleted] = s.given(logged, edited).when({ type: 'DeleteActivity', activityId: 'a' });
    expect(deleted).toMatchObject({ type: 'ActivityDeleted', data: { previousPlannedSessionId: 'mon' } });
    expect(appErrorOf(() => s.given(logged, deleted).when({ type: 'EditActivity', activityId: 'a', changes: {} }))).toMatchObject({ code: 'CONFLICT' });
  });

  it("answers NOT_FOUND for someone else's activity", () => {
    const [logged] = run([]).given().when({ type: 'LogActivity', activityId: 'a', input: squats });
    const stranger = scenario(activityDecider, { now, userId: randomUUID(), lookups: lookups([]) });
    expect(appErrorOf(() => stranger.given(logged).when({ type: 'DeleteActivity', activityId: 'a' }))).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });
});
