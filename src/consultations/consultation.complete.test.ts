import { appErrorOf } from '../core/testing/givenWhenThen';
import { referenceLookups } from '../services';
import { EXERCISES } from '../reference/exercises.data';
import { ProgramEvent, evolvePrograms, initialProgramsState } from '../programs/program';
import { ConsultationAnswers, ConsultationEvent, evolveConsultation, initialConsultationState } from './consultation';
import { decideCompletion } from './consultation.complete';

const USER = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const ID = '33333333-3333-4333-8333-333333333333';
const PROGRAM = '44444444-4444-4444-8444-444444444444';
const NOW = '2026-03-02T09:00:00.000Z';
const context = { now: NOW, userId: USER, lookups: referenceLookups() };
const command = { type: 'CompleteConsultationWithProgram' as const, consultationId: ID, programId: PROGRAM };

const full: ConsultationAnswers = {
  sex: 'FEMALE', birthDate: '1992-07-14', heightCm: 165, weightKg: 68, bodyFatPct: null, goal: 'FAT_LOSS',
  targetRatePctPerWeek: 0.5, experience: 'BEGINNER', trainingDaysPerWeek: 3,
  preferredWeekdays: ['MONDAY', 'WEDNESDAY', 'FRIDAY'], sessionMinutes: 45, equipment: ['dumbbell'], injuries: ['knee'],
  excludedExercises: [], activityLevel: 'LIGHT', dietType: 'VEGETARIAN', allergies: ['peanut'], excludedFoods: [],
  mealsPerDay: 3, timeZone: 'Europe/Paris', startDate: '2026-03-02', programWeeks: 8, lifts: [],
};

const started = (answers: Partial<ConsultationAnswers> = full, userId = USER): ConsultationEvent => ({
  type: 'ConsultationStarted', data: { consultationId: ID, userId, answers, at: NOW },
});
const completed: ConsultationEvent = { type: 'ConsultationCompleted', data: { consultationId: ID, answers: full, at: NOW } };
const programOf = (consultationId: string): ProgramEvent =>
  ({ type: 'ProgramGenerated', data: { programId: 'p-1', consultationId, startDate: '2026-03-02', endDate: '2026-04-26' } }) as ProgramEvent;

function given(consultation: ConsultationEvent[], programs: ProgramEvent[] = []) {
  const c = consultation.reduce(evolveConsultation, initialConsultationState);
  const p = programs.reduce(evolvePrograms, initialProgramsState);
  return { when: () => decideCompletion(command, c, p, context) };
}

describe('completing a consultation with its program', () => {
  it('completes the consultation and generates its program in one decision', () => {
    const { consultation, programs } = given([started()]).when();
    expect(consultation.map((e) => e.type)).toEqual(['ConsultationCompleted']);
    expect(programs).toHaveLength(1);
    expect(programs[0].data).toMatchObject({ programId: PROGRAM, consultationId: ID, userId: USER, startDate: '2026-03-02', weeks: 8, at: NOW });
  });

  it('finishes a completion left without its program: only the program is added', () => {
    const { consultation, programs } = given([started(), completed], [programOf('another-consultation')]).when();
    expect(consultation).toEqual([]);
    expect(programs.map((e) => [e.type, e.data.consultationId, e.data.supersedes?.programId])).toEqual([['ProgramGenerated', ID, 'p-1']]);
  });

  it('refuses a completed consultation that has its program, as any change to a completed one', () => {
    const error = appErrorOf(() => given([started(), completed], [programOf(ID)]).when());
    expect(error).toMatchObject({ code: 'CONFLICT', field: 'id' });
  });

  it("answers NOT_FOUND for someone else's consultation, completed or not", () => {
    expect(appErrorOf(() => given([started(full, OTHER)]).when())).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(appErrorOf(() => given([started(full, OTHER), completed]).when())).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });

  it('refuses answers no program can be built from, so nothing is completed', () => {
    const bodyweightOnly = EXERCISES.filter((e) => e.equipment.every((q) => q === 'bodyweight')).map((e) => e.id);
    const error = appErrorOf(() => given([started({ ...full, equipment: [], excludedExercises: bodyweightOnly })]).when());
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'consultation' });
  });
});
