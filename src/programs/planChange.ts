import { unknownEvent } from '../core/decider';
import type { ProgramChangeEvent } from './planChange.contracts';

/**
 * A program's change stream (`program-<id>`) folded: how many changes it has had. The plan itself
 * lives in the ProgramGenerated bundle and the diffs, which the state never reads (omitDataKeys):
 * a change decides on the plan as the read models hold it, looked up in the command's
 * transaction after the stream is read, so a concurrent change makes the append conflict.
 */
export interface ProgramChangesState {
  version: number;
  lastChangeAt: string | null;
}

export const initialProgramChangesState: ProgramChangesState = { version: 0, lastChangeAt: null };

export function evolveProgramChanges(state: ProgramChangesState, event: ProgramChangeEvent): ProgramChangesState {
  switch (event.type) {
    case 'PlanChangedByPerson':
    case 'ReassessmentApplied':
      return { version: state.version + 1, lastChangeAt: event.data?.at ?? state.lastChangeAt };
    default:
      return unknownEvent(event as never, { ...state, version: state.version + 1 });
  }
}
