import { AppError, badInput, notFound } from '../core/errors';
import { addDays, daysBetween, isCalendarDate } from '../core/dates';
import { DecideContext, Decider } from '../core/decider';
import { localDate } from '../consultations/consultation.rules';
import { EXERCISES } from '../reference/exercises.data';
import { FOODS } from '../reference/foods.data';
import type { ExerciseRef, FoodRef } from '../reference/reference.types';
import { EMPTY_PLAN_DIFF, PersonPlanChange, PlanChangeExplanation, PlanDiff, ProgramChangeEvent } from './planChange.contracts';
import { ProgramChangesState, evolveProgramChanges, initialProgramChangesState } from './planChange';
import { exerciseMisfit, foodMisfit, mealTotals, PersonLimits, solvePortion, spokenDate } from './planChange.rules';
import type { StoredMeal, StoredSession } from './program';

const exerciseById = new Map<string, ExerciseRef>(EXERCISES.map((e) => [e.id, e]));
const foodById = new Map<string, FoodRef>(FOODS.map((f) => [f.id, f]));

/** The program a change is about, as its read model holds it. */
export interface ChangedProgram {
  id: string;
  startDate: string;
  endDate: string;
  /** From this day a newer program is in force: this one's days from it on are not on the plan. */
  supersededFrom: string | null;
  timeZone: string;
}

/** What a plan change decides on, read in the command's transaction (planChange.lookups.ts). */
export interface PlanChangeLookups {
  program: ChangedProgram | null;
  limits: PersonLimits | null;
  /** The session concerned (reschedule, skip, swap exercise), with the activity logged for it, if any. */
  session: (StoredSession & { loggedActivityId: string | null }) | null;
  /** The meal concerned (swap meal item), with the meal log that stands for it, if any. */
  meal: (StoredMeal & { loggedMealId: string | null }) | null;
  /** Another session of the program already on a reschedule's toDate, if any. */
  sessionOnToDate: string | null;
}

export interface ChangePlan {
  type: 'ChangePlan';
  programId: string;
  change: PersonPlanChange;
}

/**
 * The input field of each part of a change, for errors. A past day is judged consistently with
 * the rest of the API: a date the client asks for (toDate) in the past is BAD_USER_INPUT, as
 * generateProgram's startDate is; a plan item whose day is over, or one already logged, is
 * CONFLICT (the plan has moved on from it), as a day override on a day that is over is.
 */
const FIELD = {
  sessionId: 'input.sessionId', toDate: 'input.toDate', plannedExerciseId: 'input.plannedExerciseId', exerciseId: 'input.exerciseId',
  plannedMealItemId: 'input.plannedMealItemId', foodId: 'input.foodId',
} as const;

const conflictOn = (field: string, message: string): AppError => new AppError('CONFLICT', message, field);

function dayIsOver(date: string, today: string, field: string, what: string): void {
  if (date < today) throw conflictOn(field, `${what} was on ${date}, a day that is over in your time zone (today is ${today}): past days are locked`);
}

function explanation(summary: string, code: string, message: string): PlanChangeExplanation {
  return { actor: 'person', summary, reasons: [{ code, message }] };
}

interface Decided { diff: PlanDiff; explanation: PlanChangeExplanation }

function reschedule(change: Extract<PersonPlanChange, { kind: 'reschedule_session' }>, lookups: PlanChangeLookups, program: ChangedProgram, today: string): Decided {
  const session = lookups.session;
  if (!session) throw notFound('session', FIELD.sessionId);
  if (!isCalendarDate(change.toDate)) throw badInput(FIELD.toDate, `toDate must be a date YYYY-MM-DD, got "${String(change.toDate).slice(0, 20)}"`);
  dayIsOver(session.date, today, FIELD.sessionId, `${session.name}`);
  if (session.loggedActivityId) throw conflictOn(FIELD.sessionId, `${session.name} on ${session.date} is already logged (activity ${session.loggedActivityId}); it cannot move`);
  if (change.toDate < today) throw badInput(FIELD.toDate, `toDate must be today (${today}) or later: past days are locked`);
  const lastDay = program.supersededFrom ? addDays(program.supersededFrom, -1) : program.endDate;
  const last = lastDay < program.endDate ? lastDay : program.endDate;
  if (change.toDate < program.startDate || change.toDate > last) {
    throw badInput(FIELD.toDate, `toDate must be within the program, ${program.startDate} to ${last}`);
  }
  if (change.toDate === session.date) throw badInput(FIELD.toDate, `${session.name} is already on ${session.date}`);
  if (lookups.sessionOnToDate) throw badInput(FIELD.toDate, `another session is planned on ${change.toDate}: a day holds one session`);
  const day = daysBetween(program.startDate, change.toDate) + 1;
  const { loggedActivityId: _logged, ...stored } = session;
  const moved: StoredSession = { ...stored, date: change.toDate, day, week: Math.floor((day - 1) / 7) + 1 };
  return {
    diff: { ...EMPTY_PLAN_DIFF, sessions: [moved] },
    explanation: explanation(`You moved ${session.name} from ${spokenDate(session.date)} to ${spokenDate(change.toDate)}.`,
      'RESCHEDULED_BY_YOU', `You chose to train on ${change.toDate} instead of ${session.date}.`),
  };
}

function skip(lookups: PlanChangeLookups, today: string): Decided {
  const session = lookups.session;
  if (!session) throw notFound('session', FIELD.sessionId);
  dayIsOver(session.date, today, FIELD.sessionId, `${session.name}`);
  if (session.loggedActivityId) throw conflictOn(FIELD.sessionId, `${session.name} on ${session.date} is already logged (activity ${session.loggedActivityId}); it cannot be skipped`);
  return {
    diff: { ...EMPTY_PLAN_DIFF, removedSessionIds: [session.id] },
    explanation: explanation(`You skipped ${session.name} on ${spokenDate(session.date)}.`, 'SKIPPED_BY_YOU',
      'You took the session off your plan; it does not count as missed.'),
  };
}

function swapExercise(change: Extract<PersonPlanChange, { kind: 'swap_exercise' }>, lookups: PlanChangeLookups, limits: PersonLimits, today: string): Decided {
  const session = lookups.session;
  const index = session ? session.exercises.findIndex((e) => e.id === change.plannedExerciseId) : -1;
  if (!session || index < 0) throw notFound('planned exercise', FIELD.plannedExerciseId);
  dayIsOver(session.date, today, FIELD.plannedExerciseId, `${session.name}`);
  if (session.loggedActivityId) throw conflictOn(FIELD.plannedExerciseId, `${session.name} on ${session.date} is already logged; its exercises stay as planned`);
  const next = exerciseById.get(change.exerciseId);
  if (!next) throw badInput(FIELD.exerciseId, `unknown exercise "${String(change.exerciseId).slice(0, 100)}"`);
  const item = session.exercises[index];
  const before = exerciseById.get(item.exerciseId);
  if (next.id === item.exerciseId) throw badInput(FIELD.exerciseId, `${next.name} is already the planned exercise`);
  const misfit = exerciseMisfit(next, limits);
  if (misfit) throw badInput(FIELD.exerciseId, misfit);
  if (session.exercises.some((e) => e.exerciseId === next.id)) throw badInput(FIELD.exerciseId, `${next.name} is already in ${session.name}`);
  // The load was worked out for the old exercise; the new one is trained to the RIR until logs give it a load.
  const notes = `Swapped in for ${before?.name ?? item.exerciseId}: ${item.sets} sets of ${item.repsMin}-${item.repsMax} reps, stopping ${item.targetRir} reps short of failure.`;
  const exercises = session.exercises.map((e, i) => (i === index ? { ...e, exerciseId: next.id, loadKg: null, notes } : e));
  const { loggedActivityId: _logged, ...stored } = session;
  return {
    diff: { ...EMPTY_PLAN_DIFF, sessions: [{ ...stored, exercises }] },
    explanation: explanation(`You swapped ${before?.name ?? item.exerciseId} for ${next.name} in ${session.name} on ${spokenDate(session.date)}.`,
      'EXERCISE_SWAPPED_BY_YOU', `${next.name} fits your equipment and injuries; sets, reps and effort stay as planned.`),
  };
}

function swapMealItem(change: Extract<PersonPlanChange, { kind: 'swap_meal_item' }>, lookups: PlanChangeLookups, limits: PersonLimits, today: string): Decided {
  const meal = lookups.meal;
  const index = meal ? meal.items.findIndex((i) => i.id === change.plannedMealItemId) : -1;
  if (!meal || index < 0) throw notFound('planned meal item', FIELD.plannedMealItemId);
  dayIsOver(meal.date, today, FIELD.plannedMealItemId, `${meal.name}`);
  if (meal.loggedMealId) throw conflictOn(FIELD.plannedMealItemId, `${meal.name} on ${meal.date} is already logged; its items stay as planned`);
  const next = foodById.get(change.foodId);
  if (!next) throw badInput(FIELD.foodId, `unknown food "${String(change.foodId).slice(0, 100)}"`);
  const item = meal.items[index];
  const before = foodById.get(item.foodId);
  if (next.id === item.foodId) throw badInput(FIELD.foodId, `${next.name} is already the planned food`);
  const misfit = foodMisfit(next, limits);
  if (misfit) throw badInput(FIELD.foodId, misfit);
  if (meal.items.some((i) => i.foodId === next.id)) throw badInput(FIELD.foodId, `${next.name} is already in ${meal.name}`);
  const values = solvePortion(meal, index, next);
  const items = meal.items.map((i, n) => (n === index ? { ...i, foodId: next.id, ...values } : i));
  const { loggedMealId: _logged, ...stored } = meal;
  const changed: StoredMeal = { ...stored, ...mealTotals(items), items };
  return {
    diff: { ...EMPTY_PLAN_DIFF, meals: [changed] },
    explanation: explanation(
      `You swapped ${before?.name ?? item.foodId} for ${values.grams} g of ${next.name} in ${meal.name} on ${spokenDate(meal.date)}.`,
      'MEAL_ITEM_SWAPPED_BY_YOU',
      `The portion keeps the meal close to its targets: ${Math.round(meal.kcal)} kcal before, ${Math.round(changed.kcal)} kcal now.`),
  };
}

export function decidePlanChange(command: ChangePlan, _state: ProgramChangesState, context: DecideContext<PlanChangeLookups>): ProgramChangeEvent[] {
  const { lookups } = context;
  const program = lookups.program;
  if (!program || program.id !== command.programId) throw notFound('program');
  const today = localDate(context.now, program.timeZone);
  const change = command.change;
  let decided: Decided;
  switch (change.kind) {
    case 'reschedule_session':
      decided = reschedule(change, lookups, program, today);
      break;
    case 'skip_session':
      decided = skip(lookups, today);
      break;
    case 'swap_exercise':
    case 'swap_meal_item': {
      if (!lookups.limits) throw notFound('the consultation of the program');
      decided = change.kind === 'swap_exercise' ? swapExercise(change, lookups, lookups.limits, today) : swapMealItem(change, lookups, lookups.limits, today);
      break;
    }
    default: {
      const unknown: never = change;
      throw new Error(`unknown change ${JSON.stringify(unknown)}`);
    }
  }
  return [{
    type: 'PlanChangedByPerson',
    data: { programId: program.id, userId: context.userId, change, diff: decided.diff, explanation: decided.explanation, at: context.now },
  }];
}

export const planChangeDecider: Decider<ProgramChangesState, ChangePlan, ProgramChangeEvent, PlanChangeLookups> = {
  initialState: initialProgramChangesState,
  evolve: evolveProgramChanges,
  decide: decidePlanChange,
  omitDataKeys: ['diff', 'reassessment'],
};
