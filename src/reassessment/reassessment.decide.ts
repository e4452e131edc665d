import { Decider } from '../core/decider';
import { addDays, daysBetween } from '../core/dates';
import { AppError, conflict, notFound } from '../core/errors';
import { ConcurrencyConflict } from '../core/eventStore/eventStore';
import { fibreG, goalDeltaKcal, macroSplit, NutritionTargets, proteinReferenceMassKg } from '../programs/nutrition/targets';
import { EMPTY_PLAN_DIFF, PlanDiff, programStream, ProgramChangeEvent, ReassessmentAppliedData } from '../programs/planChange.contracts';
import { REASSESSMENT_INTERVAL_DAYS } from '../programs/program';
import { EXERCISES } from '../reference/exercises.data';
import { evidenceWindow, summariseEvidence } from './evidence';
import { rescaleMeals } from './mealRescale';
import { kcalPerDayForRate, runNutritionController } from './nutritionController';
import { REASSESSMENT_CONTROLLER_VERSION } from './reassessment.constants';
import {
  evolveReassessment, initialReassessmentState, ReassessmentInputs, ReassessmentRecord, ReassessmentState, ReassessmentTrigger,
} from './reassessment';
import { runTrainingController } from './trainingController';

export interface RunReassessmentCommand {
  type: 'RunReassessment';
  programId: string;
  reassessmentId: string;
  trigger: ReassessmentTrigger;
  /** The sweep's view of the due date: when the program's has moved, nothing is appended. */
  dueDate: string | null;
}

export interface ReassessmentLookups {
  /** The person's local day now. */
  today: string;
  /** Null when the program does not exist for the caller. */
  inputs: ReassessmentInputs | null;
}

type Event = Extract<ProgramChangeEvent, { type: 'ReassessmentApplied' }>;

const primaryMusclesById = new Map(EXERCISES.map((e) => [e.id, e.primaryMuscles as readonly string[]]));
const primaryMuscles = (id: string): readonly string[] => primaryMusclesById.get(id) ?? [];

/**
 * The goal's weekly rate in % body weight (negative = loss): the daily delta the program's targets
 * were built with, as a weekly rate (covers every goal: a recomposition's deficit too).
 */
export function goalRatePctPerWeek(person: ReassessmentInputs['person'], tdeeKcal: number): number {
  const delta = goalDeltaKcal({ goal: person.goal, weightKg: person.weightKg, targetRatePctPerWeek: person.targetRatePct }, tdeeKcal);
  return Math.round((delta / kcalPerDayForRate(1, person.weightKg)) * 1000) / 1000;
}

function decideReassessment(command: RunReassessmentCommand, state: ReassessmentState, lookups: ReassessmentLookups, userId: string, now: string): Event[] {
  const inputs = lookups.inputs;
  if (!inputs || inputs.program.userId !== userId || inputs.program.id !== command.programId) throw notFound('program', 'programId');
  const { program, person } = inputs;
  const today = lookups.today;
  // The read model was read before the stream: if a change came in between, read both again.
  if (program.version !== state.version) throw new ConcurrencyConflict(programStream(program.id), state.version);

  const due = state.nextReassessmentDate ?? program.nextReassessmentDate;
  if (command.trigger === 'sweep') {
    // Another worker (or an on-demand run) got there first, or it is not due: nothing to do.
    if (command.dueDate !== due || due === null || today < due || today > program.endDate || program.status !== 'active') return [];
  }
  if (program.status !== 'active') {
    throw new AppError('BAD_USER_INPUT', `only an active program can be reassessed; this one is ${program.status}`, 'programId', { reason: 'NOT_ACTIVE' });
  }
  if (today < program.startDate) {
    throw new AppError('BAD_USER_INPUT', `the program starts on ${program.startDate}: it can be reassessed from then`, 'programId', { reason: 'NOT_STARTED' });
  }
  if (today > program.endDate) {
    throw new AppError('BAD_USER_INPUT', `the program ended on ${program.endDate}`, 'programId', { reason: 'ENDED' });
  }
  if (state.lastDate === today) throw conflict(`the program was already reassessed today (${today})`, { reason: 'ALREADY_REASSESSED' });

  const window = evidenceWindow(today);
  const effectiveFrom = addDays(today, 1);
  const evidence = summariseEvidence(inputs.rows, window);
  const current = program.targets;
  const targetRatePctPerWeek = goalRatePctPerWeek(person, current.tdeeKcal);

  const nutrition = runNutritionController({
    sex: person.sex, bmrKcal: current.bmrKcal, priorTdeeKcal: current.tdeeKcal, currentTargetKcal: current.targetKcal,
    targetRatePctPerWeek, weight: evidence.weight, intake: evidence.intake, previous: state.nutrition,
  });
  const training = runTrainingController({
    experience: person.experience, evidence: evidence.training, futureSessions: inputs.futureSessions, effectiveFrom, primaryMuscles,
  });

  const diff: PlanDiff = { ...EMPTY_PLAN_DIFF, sessions: training.sessions };
  if (nutrition.changeKcal !== 0) {
    const weightKg = evidence.weight.trendEndKg ?? person.weightKg;
    const macros = macroSplit(nutrition.targetKcal, proteinReferenceMassKg({ ...person, weightKg }), person.goal);
    const tdeeKcal = nutrition.state.tdeeEstimateKcal;
    const targets: NutritionTargets = {
      ...current, ...macros, targetKcal: nutrition.targetKcal, floorApplied: nutrition.floorApplied, tdeeKcal,
      fibreG: fibreG(nutrition.targetKcal), dailyDeltaKcal: nutrition.targetKcal - tdeeKcal,
    };
    diff.targets = { from: effectiveFrom, targets };
    diff.meals = rescaleMeals(inputs.futureMeals, effectiveFrom, nutrition.targetKcal);
  }
  // The next one two weeks from today, not from the missed due date: no catch-up runs.
  const nextReassessmentDate = addDays(today, REASSESSMENT_INTERVAL_DAYS);
  const record: ReassessmentRecord = {
    controllerVersion: REASSESSMENT_CONTROLLER_VERSION, trigger: command.trigger, date: today, targetRatePctPerWeek, evidence, nutrition,
    training: {
      decision: training.decision, fatigueSignals: training.fatigueSignals, volumeChanges: training.volumeChanges,
      loadChanges: training.loadChanges, deloadFrom: training.deloadFrom,
    },
  };
  const late = due !== null && daysBetween(due, today) > 0 ? daysBetween(due, today) : 0;
  const reasons = [...nutrition.reasons, ...training.reasons];
  if (late >= REASSESSMENT_INTERVAL_DAYS) {
    reasons.push({ code: 'no_catch_up', message: `This reassessment is ${late} days late; it reads the last 14 days only and makes one change, without catching up on the missed weeks.` });
  }
  const data: ReassessmentAppliedData = {
    programId: program.id, userId, reassessmentId: command.reassessmentId, window, effectiveFrom, nextReassessmentDate,
    reassessment: record as unknown as Record<string, unknown>,
    diff,
    explanation: { actor: 'reassessment', summary: summary(today, effectiveFrom, nutrition.previousTargetKcal, nutrition.targetKcal, training.decision), reasons },
    at: now,
  };
  return [{ type: 'ReassessmentApplied', data }];
}

function summary(today: string, from: string, before: number, after: number, training: string): string {
  const kcal = before === after ? `calories stay at ${after} kcal` : `calories ${before} -> ${after} kcal a day from ${from}`;
  const train = training === 'progress' ? 'training volume up' : training === 'reduce' ? 'training volume down'
    : training === 'deload' ? `a deload week from ${from}` : 'training volume as planned';
  return `Reassessment of ${today}: ${kcal}; ${train}.`;
}

export const reassessmentDecider: Decider<ReassessmentState, RunReassessmentCommand, Event, ReassessmentLookups> = {
  initialState: initialReassessmentState,
  evolve: (state, event) => evolveReassessment(state, event as Pick<ProgramChangeEvent, 'type' | 'data'>),
  decide: (command, state, context) => decideReassessment(command, state, context.lookups, context.userId, context.now),
  // evolve reads the next date and the controller state, never the plan diff itself.
  omitDataKeys: ['diff', 'explanation'],
};

