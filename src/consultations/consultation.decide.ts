import { AppError, badInput, notFound } from '../core/errors';
import { DecideContext, Decider } from '../core/decider';
import {
  ConsultationEvent, ConsultationState, DraftAnswers, evolveConsultation, initialConsultationState, mergeAnswers,
} from './consultation';
import { ConsultationLookups, completeAnswers, validateAnswerPairs, validateAnswerValues } from './consultation.rules';

export type ConsultationCommand =
  | { type: 'StartConsultation'; consultationId: string; answers: DraftAnswers }
  | { type: 'UpdateConsultation'; consultationId: string; changes: DraftAnswers }
  | { type: 'CompleteConsultation'; consultationId: string };

type Context = DecideContext<ConsultationLookups>;

/** Someone else's consultation answers exactly like a missing one: ids must not leak. */
function requireOwn(state: ConsultationState, context: Context): Exclude<ConsultationState, { status: 'none' }> {
  if (state.status === 'none' || state.userId !== context.userId) throw notFound('consultation', 'id');
  return state;
}

function requireOpen(state: Exclude<ConsultationState, { status: 'none' }>): void {
  if (state.status === 'completed') {
    throw new AppError('CONFLICT', 'the consultation is completed; start a new one to change answers', 'id');
  }
}

export function decideConsultation(command: ConsultationCommand, state: ConsultationState, context: Context): ConsultationEvent[] {
  switch (command.type) {
    case 'StartConsultation': {
      if (state.status !== 'none') throw new AppError('CONFLICT', 'a consultation with this id already exists', 'id');
      validateAnswerValues(command.answers, context);
      validateAnswerPairs(command.answers);
      return [
        {
          type: 'ConsultationStarted',
          data: { consultationId: command.consultationId, userId: context.userId, answers: command.answers, at: context.now },
        },
      ];
    }
    case 'UpdateConsultation': {
      const current = requireOwn(state, context);
      requireOpen(current);
      if (Object.values(command.changes).every((value) => value === undefined)) {
        throw badInput('input', 'give at least one answer to change');
      }
      validateAnswerValues(command.changes, context);
      validateAnswerPairs(mergeAnswers(current.answers, command.changes));
      return [{ type: 'ConsultationUpdated', data: { consultationId: command.consultationId, changes: command.changes, at: context.now } }];
    }
    case 'CompleteConsultation': {
      const current = requireOwn(state, context);
      requireOpen(current);
      // Re-check every answer: a start date or age that was valid when given may not be now.
      validateAnswerValues(current.answers, context);
      const answers = completeAnswers(current.answers);
      validateAnswerPairs(answers);
      return [{ type: 'ConsultationCompleted', data: { consultationId: command.consultationId, answers, at: context.now } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

export const consultationDecider: Decider<ConsultationState, ConsultationCommand, ConsultationEvent, ConsultationLookups> = {
  initialState: initialConsultationState,
  evolve: evolveConsultation,
  decide: decideConsultation,
};
