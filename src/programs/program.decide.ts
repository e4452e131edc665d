import { badInput } from '../core/errors';
import { DecideContext, Decider } from '../core/decider';
import { daysBetween, isCalendarDate } from '../core/dates';
import type { ConsultationAnswers } from '../consultations/consultation';
import { CONSULTATION_RULES, localDate } from '../consultations/consultation.rules';
import { ProgramEvent, ProgramsState, evolvePrograms, initialProgramsState } from './program';
import { generateProgram, generationError } from './program.generate';

export type ProgramCommand = {
  type: 'GenerateProgram';
  programId: string;
  consultationId: string;
  /** The completed consultation's answers (looked up by the caller). */
  answers: ConsultationAnswers;
  startDate: string;
  weeks: number;
};

export function decideProgram(command: ProgramCommand, state: ProgramsState, context: DecideContext): ProgramEvent[] {
  switch (command.type) {
    case 'GenerateProgram': {
      const { startDate, weeks, answers } = command;
      if (!isCalendarDate(startDate)) throw badInput('input.startDate', `startDate must be a date YYYY-MM-DD, got "${startDate.slice(0, 20)}"`);
      const today = localDate(context.now, answers.timeZone);
      const ahead = daysBetween(today, startDate);
      // The past is locked: a program may only change days that have not begun.
      if (ahead < 0) throw badInput('input.startDate', `startDate must be today (${today}) or later: past days are locked`);
      if (ahead > CONSULTATION_RULES.startDate.maxDaysAhead) {
        throw badInput('input.startDate', `startDate must be at most ${CONSULTATION_RULES.startDate.maxDaysAhead} days ahead`);
      }
      const { min, max } = CONSULTATION_RULES.programWeeks;
      if (!Number.isInteger(weeks) || weeks < min || weeks > max) {
        throw badInput('input.weeks', `weeks must be a whole number from ${min} to ${max}, got ${weeks}`);
      }
      const current = state.current;
      const supersedes = current && current.endDate >= startDate ? { programId: current.programId, from: startDate } : null;
      try {
        return [
          {
            type: 'ProgramGenerated',
            data: generateProgram({
              programId: command.programId,
              userId: context.userId,
              consultationId: command.consultationId,
              answers,
              startDate,
              weeks,
              at: context.now,
              supersedes,
            }),
          },
        ];
      } catch (error) {
        return generationError(error);
      }
    }
    default: {
      const unknown: never = command.type;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}

export const programDecider: Decider<ProgramsState, ProgramCommand, ProgramEvent> = {
  initialState: initialProgramsState,
  evolve: evolvePrograms,
  decide: decideProgram,
  omitDataKeys: ['bundle'],
};
