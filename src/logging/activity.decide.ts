import { AppError, badInput, notFound } from '../core/errors';
import { DecideContext, Decider, assertNever } from '../core/decider';
import { daysBetween } from '../core/dates';
import { localDate } from '../consultations/consultation.rules';
import { assessSession } from '../adherence/adherence.rules';
import {
  ActivityEvent, ActivityFactsData, ActivityState, SessionMatch, evolveActivity, initialActivityState,
} from './activity';
import { LOG_LIMITS, MATCH_WINDOW_DAYS } from './logging.constants';
import { checkInstant, checkRange, checkText } from './logging.rules';
import { ActivityKind, ExerciseInfo, LoggedExercise, PlannedSessionFacts, sessionSimilarity } from './similarity';

export interface ActivityInput {
  performedAt: string;
  kind: ActivityKind;
  durationMinutes: number;
  rpe: number;
  distanceKm?: number | null;
  averageHeartRate?: number | null;
  notes?: string | null;
  exercises?: LoggedExercise[] | null;
}

/** A planned session the activity may stand for, with the activity that holds it now, if any. */
export interface PlannedSessionCandidate extends PlannedSessionFacts {
  id: string;
  programId: string;
  date: string;
  heldByActivityId: string | null;
}

export interface ActivityLookups {
  /** The person's time zone, which decides an activity's local day. */
  timeZone: string;
  exercise(id: string): ExerciseInfo | undefined;
  /** The named planned session, or the person's planned sessions around the activity's day. */
  candidates: readonly PlannedSessionCandidate[];
}

/**
 * plannedSessionId: a session to link to; null to link to none; undefined to match
 * automatically (on edit: keep an explicit link, else match again).
 */
export type ActivityCommand =
  | { type: 'LogActivity'; activityId: string; input: ActivityInput; plannedSessionId?: string | null }
  | { type: 'EditActivity'; activityId: string; changes: Partial<ActivityInput>; plannedSessionId?: string | null }
  | { type: 'DeleteActivity'; activityId: string };

type Context = DecideContext<ActivityLookups>;

function facts(input: ActivityInput, context: Context): ActivityFactsData {
  const f = (name: string) => `input.${name}`;
  checkInstant(f('performedAt'), input.performedAt, context.now);
  checkRange(f('durationMinutes'), input.durationMinutes, LOG_LIMITS.durationMinutes, ' minutes');
  if (!Number.isInteger(input.durationMinutes)) throw badInput(f('durationMinutes'), 'durationMinutes must be whole minutes');
  checkRange(f('rpe'), input.rpe, LOG_LIMITS.rpe);
  checkRange(f('distanceKm'), input.distanceKm, LOG_LIMITS.distanceKm, ' km');
  checkRange(f('averageHeartRate'), input.averageHeartRate, LOG_LIMITS.averageHeartRate, ' bpm');
  checkText(f('notes'), input.notes, LOG_LIMITS.notes);
  const exercises = input.exercises ?? [];
  if (exercises.length > LOG_LIMITS.exercises) throw badInput(f('exercises'), `at most ${LOG_LIMITS.exercises} exercises`);
  exercises.forEach((exercise, i) => {
    const at = `${f('exercises')}.${i}`;
    if (!context.lookups.exercise(exercise.exerciseId)) throw badInput(`${at}.exerciseId`, `unknown exercise ${exercise.exerciseId}`);
    if (exercise.sets.length < 1 || exercise.sets.length > LOG_LIMITS.setsPerExercise) {
      throw badInput(`${at}.sets`, `an exercise has 1-${LOG_LIMITS.setsPerExercise} sets`);
    }
    exercise.sets.forEach((set, j) => {
      checkRange(`${at}.sets.${j}.reps`, set.reps, LOG_LIMITS.reps);
      if (!Number.isInteger(set.reps)) throw badInput(`${at}.sets.${j}.reps`, 'reps must be a whole number');
      checkRange(`${at}.sets.${j}.loadKg`, set.loadKg, LOG_LIMITS.loadKg, ' kg');
      checkRange(`${at}.sets.${j}.rir`, set.rir, LOG_LIMITS.rir);
    });
  });
  return {
    performedAt: new Date(input.performedAt).toISOString(),
    localDate: localDate(input.performedAt, context.lookups.timeZone),
    timeZone: context.lookups.timeZone,
    kind: input.kind,
    durationMinutes: input.durationMinutes,
    rpe: input.rpe,
    distanceKm: input.distanceKm ?? null,
    averageHeartRate: input.averageHeartRate ?? null,
    notes: input.notes ?? null,
    exercises: exercises.map((e) => ({
      exerciseId: e.exerciseId,
      sets: e.sets.map((s) => ({ reps: s.reps, loadKg: s.loadKg ?? null, rir: s.rir ?? null })),
    })),
  };
}

function matchTo(candidate: PlannedSessionCandidate, activity: ActivityFactsData, matchedBy: SessionMatch['matchedBy'], context: Context): SessionMatch {
  const similarity = sessionSimilarity(candidate, activity, context.lookups.exercise);
  return {
    plannedSessionId: candidate.id,
    programId: candidate.programId,
    plannedDate: candidate.date,
    matchedBy,
    similarity,
    assessment: assessSession(similarity),
  };
}

/**
 * The best planned session within ±1 local day that no other activity holds: the highest
 * similarity, then the nearest day. Activities of another kind than the plan never match
 * automatically (a walk does not stand for a strength session).
 */
function autoMatch(activityId: string, activity: ActivityFactsData, context: Context): SessionMatch | null {
  let best: SessionMatch | null = null;
  let bestDistance = Infinity;
  for (const candidate of context.lookups.candidates) {
    if (candidate.heldByActivityId && candidate.heldByActivityId !== activityId) continue;
    const distance = Math.abs(daysBetween(activity.localDate, candidate.date));
    if (distance > MATCH_WINDOW_DAYS || candidate.kind !== activity.kind) continue;
    const match = matchTo(candidate, activity, 'auto', context);
    if (!best || match.similarity.score > best.similarity.score
      || (match.similarity.score === best.similarity.score && distance < bestDistance)) {
      best = match;
      bestDistance = distance;
    }
  }
  return best;
}

function explicitMatch(activityId: string, plannedSessionId: string, activity: ActivityFactsData, context: Context): SessionMatch {
  const candidate = context.lookups.candidates.find((c) => c.id === plannedSessionId);
  if (!candidate) throw notFound('planned session', 'input.plannedSessionId');
  if (candidate.heldByActivityId && candidate.heldByActivityId !== activityId) {
    throw new AppError('CONFLICT', 'another activity is already linked to this planned session', 'input.plannedSessionId', {
      heldByActivityId: candidate.heldByActivityId,
    });
  }
  return matchTo(candidate, activity, 'explicit', context);
}

function requireOwn(state: ActivityState, context: Context): Exclude<ActivityState, { status: 'none' }> {
  if (state.status === 'none' || state.userId !== context.userId) throw notFound('activity', 'id');
  if (state.status === 'deleted') throw new AppError('CONFLICT', 'the activity was deleted', 'id', { status: 'deleted' });
  return state;
}

export function decideActivity(command: ActivityCommand, state: ActivityState, context: Context): ActivityEvent[] {
  switch (command.type) {
    case 'LogActivity': {
      if (state.status !== 'none') throw new AppError('CONFLICT', 'an activity with this id already exists', 'id');
      const activity = facts(command.input, context);
      const match = command.plannedSessionId
        ? explicitMatch(command.activityId, command.plannedSessionId, activity, context)
        : command.plannedSessionId === null ? null : autoMatch(command.activityId, activity, context);
      return [{ type: 'ActivityLogged', data: { activityId: command.activityId, userId: context.userId, activity, match, at: context.now } }];
    }
    case 'EditActivity': {
      const current = requireOwn(state, context);
      const merged: ActivityInput = { ...current.activity, ...stripUndefined(command.changes) };
      const activity = facts(merged, context);
      const keep = command.plannedSessionId === undefined && current.match?.matchedBy === 'explicit' ? current.match.plannedSessionId : undefined;
      const target = command.plannedSessionId ?? keep;
      const match = target
        ? explicitMatch(command.activityId, target, activity, context)
        : command.plannedSessionId === null ? null : autoMatch(command.activityId, activity, context);
      return [{
        type: 'ActivityEdited',
        data: {
          activityId: command.activityId, userId: context.userId, activity, match,
          previousPlannedSessionId: current.match?.plannedSessionId ?? null, at: context.now,
        },
      }];
    }
    case 'DeleteActivity': {
      const current = requireOwn(state, context);
      return [{
        type: 'ActivityDeleted',
        data: { activityId: command.activityId, userId: context.userId, previousPlannedSessionId: current.match?.plannedSessionId ?? null, at: context.now },
      }];
    }
    default:
      return assertNever(command);
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export const activityDecider: Decider<ActivityState, ActivityCommand, ActivityEvent, ActivityLookups> = {
  initialState: initialActivityState,
  evolve: evolveActivity,
  decide: decideActivity,
};
