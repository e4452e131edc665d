import { AppError } from '../core/errors';
import { appErrorOf, scenario } from '../core/testing/givenWhenThen';
import { referenceLookups } from '../services';
import { ConsultationAnswers, ConsultationEvent, DraftAnswers, evolveConsultation, initialConsultationState } from './consultation';
import { consultationDecider } from './consultation.decide';

const USER = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const ID = '33333333-3333-4333-8333-333333333333';
const NOW = '2026-03-02T09:00:00.000Z';
const context = { now: NOW, userId: USER, lookups: referenceLookups() };

const full: ConsultationAnswers = {
  sex: 'FEMALE', birthDate: '1992-07-14', heightCm: 165, weightKg: 68, bodyFatPct: null, goal: 'FAT_LOSS',
  targetRatePctPerWeek: 0.5, experience: 'BEGINNER', trainingDaysPerWeek: 3,
  preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 45, equipment: ['dumbbell'], injuries: ['knee'],
  excludedExercises: [], activityLevel: 'LIGHT', dietType: 'VEGETARIAN', allergies: ['peanut'], excludedFoods: [],
  mealsPerDay: 3, timeZone: 'Europe/Paris', startDate: '2026-03-02', programWeeks: 8, lifts: [],
};

const started = (answers: DraftAnswers = {}, userId = USER): ConsultationEvent => ({
  type: 'ConsultationStarted', data: { consultationId: ID, userId, answers, at: NOW },
});
const consultation = (ctx = context) => scenario(consultationDecider, ctx);

describe('StartConsultation', () => {
  it('records the answers given', () => {
    expect(consultation().given().when({ type: 'StartConsultation', consultationId: ID, answers: { heightCm: 170 } })).toEqual([
      { type: 'ConsultationStarted', data: { consultationId: ID, userId: USER, answers: { heightCm: 170 }, at: NOW } },
    ]);
  });

  it('refuses a second start of the same consultation', () => {
    const error = appErrorOf(() => consultation().given(started()).when({ type: 'StartConsultation', consultationId: ID, answers: {} }));
    expect(error.code).toBe('CONFLICT');
  });

  it.each<[string, DraftAnswers, string]>([
    ['height below 120 cm', { heightCm: 119.9 }, 'input.heightCm'],
    ['height above 230 cm', { heightCm: 231 }, 'input.heightCm'],
    ['weight below 35 kg', { weightKg: 34 }, 'input.weightKg'],
    ['weight above 300 kg', { weightKg: 301 }, 'input.weightKg'],
    ['body fat of 80 %', { bodyFatPct: 80 }, 'input.bodyFatPct'],
    ['a non-integer day count', { trainingDaysPerWeek: 2.5 }, 'input.trainingDaysPerWeek'],
    ['8 training days', { trainingDaysPerWeek: 8 }, 'input.trainingDaysPerWeek'],
    ['weekdays that do not match the day count', { trainingDaysPerWeek: 3, preferredWeekdays: ['MONDAY'] }, 'input.preferredWeekdays'],
    ['a weekday twice', { preferredWeekdays: ['MONDAY', 'MONDAY'] }, 'input.preferredWeekdays'],
    ['10-minute sessions', { sessionMinutes: 10 }, 'input.sessionMinutes'],
    ['one meal a day', { mealsPerDay: 1 }, 'input.mealsPerDay'],
    ['a 2-week program', { programWeeks: 2 }, 'input.programWeeks'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'input.timeZone'],
    ['a 10 kB time zone', { timeZone: 'x'.repeat(10_000) }, 'input.timeZone'],
    ['an impossible birth date', { birthDate: '1990-02-30' }, 'input.birthDate'],
    ['a 12-year-old', { birthDate: '2014-01-01' }, 'input.birthDate'],
    ['a start date in the past', { startDate: '2026-02-01' }, 'input.startDate'],
    ['a start date a year ahead', { startDate: '2027-03-02' }, 'input.startDate'],
    ['a fat-loss rate of 2 %/week', { goal: 'FAT_LOSS', targetRatePctPerWeek: 2 }, 'input.targetRatePctPerWeek'],
    ['a rate for maintenance', { goal: 'MAINTENANCE', targetRatePctPerWeek: 0.5 }, 'input.targetRatePctPerWeek'],
    ['an unknown exercise id', { excludedExercises: ['not_an_exercise'] }, 'input.excludedExercises'],
    ['a 10 kB food id', { excludedFoods: ['a'.repeat(10_000)] }, 'input.excludedFoods'],
    ['a lift of an unknown exercise', { lifts: [{ exerciseId: 'no_such_lift', weightKg: 100, reps: 5 }] }, 'input.lifts'],
    ['a lift of 20 reps', { lifts: [{ exerciseId: 'barbell_back_squat', weightKg: 100, reps: 20 }] }, 'input.lifts.0.reps'],
    ['a lift of 900 kg', { lifts: [{ exerciseId: 'barbell_back_squat', weightKg: 900, reps: 3 }] }, 'input.lifts.0.weightKg'],
  ])('refuses %s, naming the field', (_name, answers, field) => {
    const error = appErrorOf(() => consultation().given().when({ type: 'StartConsultation', consultationId: ID, answers }));
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toBe(field);
    expect(error.message.length).toBeLessThan(300);
  });

  it('accepts values on the bounds', () => {
    const answers: DraftAnswers = { heightCm: 120, weightKg: 300, trainingDaysPerWeek: 7, sessionMinutes: 180, programWeeks: 24, startDate: '2026-03-01' };
    expect(consultation().given().when({ type: 'StartConsultation', consultationId: ID, answers })).toHaveLength(1);
  });
});

describe('UpdateConsultation', () => {
  it('records only the changes', () => {
    const events = consultation().given(started({ heightCm: 170 })).when({ type: 'UpdateConsultation', consultationId: ID, changes: { weightKg: 70 } });
    expect(events).toEqual([{ type: 'ConsultationUpdated', data: { consultationId: ID, changes: { weightKg: 70 }, at: NOW } }]);
  });

  it("answers NOT_FOUND for someone else's consultation and for an unknown one", () => {
    const command = { type: 'UpdateConsultation' as const, consultationId: ID, changes: { weightKg: 70 } };
    expect(appErrorOf(() => consultation().given(started({}, OTHER)).when(command)).code).toBe('NOT_FOUND');
    expect(appErrorOf(() => consultation().given().when(command)).code).toBe('NOT_FOUND');
  });

  it('checks the merged answers against each other', () => {
    const error = appErrorOf(() =>
      consultation()
        .given(started({ trainingDaysPerWeek: 3 }))
        .when({ type: 'UpdateConsultation', consultationId: ID, changes: { preferredWeekdays: ['MONDAY'] } }),
    );
    expect(error.field).toBe('input.preferredWeekdays');
  });

  it('refuses an empty change and any change after completion', () => {
    expect(appErrorOf(() => consultation().given(started()).when({ type: 'UpdateConsultation', consultationId: ID, changes: {} })).field).toBe('input');
    const completed: ConsultationEvent = { type: 'ConsultationCompleted', data: { consultationId: ID, answers: full, at: NOW } };
    expect(
      appErrorOf(() => consultation().given(started(full), completed).when({ type: 'UpdateConsultation', consultationId: ID, changes: { weightKg: 70 } })).code,
    ).toBe('CONFLICT');
  });
});

describe('CompleteConsultation', () => {
  it('completes a full consultation with the answers normalised', () => {
    const answers = { ...full, preferredWeekdays: ['FRIDAY', 'MONDAY', 'WEDNESDAY'] as ConsultationAnswers['preferredWeekdays'] };
    const [event] = consultation().given(started(answers)).when({ type: 'CompleteConsultation', consultationId: ID });
    expect(event.type).toBe('ConsultationCompleted');
    expect(event.data).toMatchObject({ answers: { ...full, preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'] } });
  });

  it('lists every missing answer and names the first', () => {
    const { heightCm: _h, timeZone: _t, ...partial } = full;
    const error = appErrorOf(() => consultation().given(started(partial)).when({ type: 'CompleteConsultation', consultationId: ID }));
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toBe('input.heightCm');
    expect(error.details).toEqual({ missing: ['heightCm', 'timeZone'] });
  });

  it('defaults equipment to bodyweight and optional lists to empty', () => {
    const { equipment: _e, injuries: _i, allergies: _a, ...rest } = full;
    const [event] = consultation().given(started(rest)).when({ type: 'CompleteConsultation', consultationId: ID });
    expect(event.data).toMatchObject({ answers: { equipment: ['bodyweight'], injuries: [], allergies: [] } });
  });

  it('re-checks dates against the day it is completed', () => {
    const later = { ...context, now: '2026-03-20T09:00:00.000Z' };
    const error = appErrorOf(() => consultation(later).given(started(full)).when({ type: 'CompleteConsultation', consultationId: ID }));
    expect(error.field).toBe('input.startDate');
  });
});

describe('evolve', () => {
  it('folds start, update and completion, and ignores events before a start', () => {
    const update: ConsultationEvent = { type: 'ConsultationUpdated', data: { consultationId: ID, changes: { weightKg: 70, bodyFatPct: null }, at: NOW } };
    expect(evolveConsultation(initialConsultationState, update)).toEqual(initialConsultationState);
    const state = [started({ heightCm: 170, bodyFatPct: 20 }), update].reduce(evolveConsultation, initialConsultationState);
    expect(state).toEqual({ status: 'in_progress', id: ID, userId: USER, answers: { heightCm: 170, weightKg: 70, bodyFatPct: null } });
  });

  it('does not throw on an unknown event type', () => {
    const odd = { type: 'SomethingNew', data: {} } as unknown as ConsultationEvent;
    expect(evolveConsultation(initialConsultationState, odd)).toBe(initialConsultationState);
  });
});
