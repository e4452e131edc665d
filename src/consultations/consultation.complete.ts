import { DecideContext } from '../core/decider';
import { ProgramEvent, ProgramsState } from '../programs/program';
import { decideProgram } from '../programs/program.decide';
import { ConsultationAnswers, ConsultationEvent, ConsultationState } from './consultation';
import { decideConsultation } from './consultation.decide';
import { ConsultationLookups } from './consultation.rules';

/** Completes a consultation and generates its program, with this id. */
export interface CompleteWithProgram {
  type: 'CompleteConsultationWithProgram';
  consultationId: string;
  programId: string;
}

/** The events of one completion, per stream: they are appended in one transaction. */
export interface CompletionEvents {
  consultation: ConsultationEvent[];
  programs: ProgramEvent[];
}

/**
 * Completing a consultation generates its program in the same decision, so the two commit
 * together or not at all, and answers no program can be built from are refused before anything
 * is written. A consultation completed without a program (left so by a server that stored the
 * two in separate transactions and died between them) is finished: only its program is added.
 */
export function decideCompletion(
  command: CompleteWithProgram,
  consultation: ConsultationState,
  programs: ProgramsState,
  context: DecideContext<ConsultationLookups>,
): CompletionEvents {
  const { consultationId, programId } = command;
  const halfDone = consultation.status === 'completed' && consultation.userId === context.userId && !(consultationId in programs.firstOf);
  const completed = halfDone ? [] : decideConsultation({ type: 'CompleteConsultation', consultationId }, consultation, context);
  const answers = (halfDone ? consultation.answers : completedAnswers(completed)) as ConsultationAnswers;
  const generated = decideProgram(
    { type: 'GenerateProgram', programId, consultationId, answers, startDate: answers.startDate, weeks: answers.programWeeks },
    programs,
    { ...context, lookups: undefined },
  );
  return { consultation: completed, programs: generated };
}

function completedAnswers(events: ConsultationEvent[]): ConsultationAnswers {
  const event = events.find((e) => e.type === 'ConsultationCompleted');
  if (event?.type !== 'ConsultationCompleted') throw new Error('completing a consultation decided no ConsultationCompleted event');
  return event.data.answers;
}
