import { unknownEvent } from '../core/decider';
import type { Assessment } from '../adherence/adherence.rules';
import type { ActivityKind, LoggedExercise, Similarity } from './similarity';

/** Each activity is its own stream: a command never reads a history that grows with the user's lifetime. */
export const activityStream = (activityId: string): string => `activity-${activityId}`;

/** What the person did, as logged. */
export interface ActivityFactsData {
  /** ISO-8601 instant the activity started. */
  performedAt: string;
  /** The day it counts for, in the person's time zone. */
  localDate: string;
  timeZone: string;
  kind: ActivityKind;
  durationMinutes: number;
  /** Session RPE on Borg's CR-10 scale. */
  rpe: number;
  distanceKm: number | null;
  averageHeartRate: number | null;
  notes: string | null;
  exercises: LoggedExercise[];
}

/** The planned session an activity stands for, and how close it came. */
export interface SessionMatch {
  plannedSessionId: string;
  programId: string;
  plannedDate: string;
  matchedBy: 'explicit' | 'auto';
  similarity: Similarity;
  assessment: Assessment;
}

export interface ActivityLoggedData {
  activityId: string;
  userId: string;
  activity: ActivityFactsData;
  match: SessionMatch | null;
  at: string;
}

export interface ActivityEditedData extends ActivityLoggedData {
  /** The session the activity stood for before this edit, if any (its adherence is re-derived). */
  previousPlannedSessionId: string | null;
}

export interface ActivityDeletedData {
  activityId: string;
  userId: string;
  previousPlannedSessionId: string | null;
  at: string;
}

export type ActivityEvent =
  | { type: 'ActivityLogged'; data: ActivityLoggedData }
  | { type: 'ActivityEdited'; data: ActivityEditedData }
  | { type: 'ActivityDeleted'; data: ActivityDeletedData };

export type ActivityState =
  | { status: 'none' }
  | { status: 'logged' | 'deleted'; activityId: string; userId: string; activity: ActivityFactsData; match: SessionMatch | null; version: number };

export const initialActivityState: ActivityState = { status: 'none' };

export function evolveActivity(state: ActivityState, event: ActivityEvent): ActivityState {
  const version = state.status === 'none' ? 1 : state.version + 1;
  switch (event.type) {
    case 'ActivityLogged':
    case 'ActivityEdited': {
      const { activityId, userId, activity, match } = event.data;
      return { status: 'logged', activityId, userId, activity, match, version };
    }
    case 'ActivityDeleted':
      return state.status === 'none' ? state : { ...state, status: 'deleted', match: null, version };
    default:
      return unknownEvent(event as never, state);
  }
}
