import { checkCommandOptions, findReplay, fold, handle, readState, requestHash, retryOnConflict } from '../core/commandHandler';
import { consultationDecider } from '../consultations/consultation.decide';
import { decideCompletion } from '../consultations/consultation.complete';
import { AppError } from '../core/errors';
import { RecordedEvent } from '../core/eventStore/types';
import { ConsultationAnswers, consultationStream } from '../consultations/consultation';
import { GraphQLContext, requireUser } from '../server/context';
import { ProgramGeneratedData, programsStream } from './program';
import { programDecider } from './program.decide';
import { PROGRAM_COLUMNS, toProgram } from './program.loaders';
import { Program } from './program.types';

/** The answers of a completed consultation, folded from its own stream. */
export async function completedAnswers(context: GraphQLContext, consultationId: string): Promise<ConsultationAnswers> {
  const userId = requireUser(context).id;
  const state = await readState(context.services.store, consultationStream(consultationId), consultationDecider, userId);
  if (state.status !== 'completed' || state.userId !== userId) {
    throw new AppError('NOT_FOUND', 'no completed consultation to build a program from; complete one first', 'consultationId');
  }
  return state.answers as ConsultationAnswers;
}

export async function latestCompletedConsultation(context: GraphQLContext): Promise<string> {
  const userId = requireUser(context).id;
  const { rows } = await context.services.db.sql.asUser(userId).query<{ id: string }>(
    `SELECT id FROM consultation_sessions WHERE user_id = $1 AND status = 'completed' ORDER BY completed_at DESC, id LIMIT 1`,
    [userId],
  );
  if (!rows[0]) throw new AppError('NOT_FOUND', 'no completed consultation to build a program from; complete one first');
  return rows[0].id;
}

export async function loadProgram(context: GraphQLContext, programId: string): Promise<Program> {
  const userId = requireUser(context).id;
  const { rows } = await context.services.db.sql.asUser(userId).query<Parameters<typeof toProgram>[0]>(
    `SELECT ${PROGRAM_COLUMNS} FROM programs WHERE id = $1 AND user_id = $2`,
    [programId, userId],
  );
  if (!rows[0]) throw new AppError('NOT_FOUND', 'program not found', 'id');
  return toProgram(rows[0]);
}

/**
 * A program as its generation answered: the row its ProgramGenerated event wrote (active, not
 * yet superseded). Mutations answer with it, so a retry answers what the first request did
 * even after a newer program superseded this one.
 */
export function programAsGenerated(data: ProgramGeneratedData): Program {
  return toProgram({
    id: data.programId, consultation_id: data.consultationId, status: 'active', start_date: data.startDate,
    end_date: data.endDate, weeks: data.weeks, generator_version: data.generatorVersion,
    next_reassessment_date: data.nextReassessmentDate, superseded_from: null,
    targets: { ...data.targets, split: data.split }, created_at: new Date(data.at),
  });
}

function generatedIn(history: readonly RecordedEvent[], programId: string): ProgramGeneratedData {
  const event = history.find((e) => e.type === 'ProgramGenerated' && (e.data as ProgramGeneratedData).programId === programId);
  if (!event) throw new Error(`program ${programId} is not in the stream`);
  return event.data as ProgramGeneratedData;
}

/** Generates a program from a completed consultation; answers it as generated (see programAsGenerated). */
export async function generateProgramFor(
  context: GraphQLContext,
  args: { consultationId: string; answers: ConsultationAnswers; startDate: string; weeks: number; idempotencyKey?: string | null },
): Promise<Program> {
  const user = requireUser(context);
  const { services } = context;
  const programId = services.newId();
  const result = await handle(services.store, programsStream(user.id), programDecider, {
    type: 'GenerateProgram',
    programId,
    consultationId: args.consultationId,
    answers: args.answers,
    startDate: args.startDate,
    weeks: args.weeks,
  }, {
    userId: user.id,
    now: services.clock.now().toISOString(),
    lookups: undefined,
    idempotencyKey: args.idempotencyKey,
    // The caller's arguments only: the consultation is looked up, and a newer one must not
    // turn a retry into "this key was used for a different request".
    request: { operation: 'generateProgram', startDate: args.startDate, weeks: args.weeks },
    programId,
    metadata: { actor: user.id, correlationId: context.requestId },
  });
  const current = result.state.current;
  if (!current) throw new Error('program generation appended no program');
  return programAsGenerated(generatedIn(result.history, current.programId));
}

export interface Completion {
  /** The consultation's events up to its completion. */
  consultation: RecordedEvent[];
  program: Program;
}

/**
 * Completes a consultation and stores its program in one transaction (one decision over the
 * consultation's stream and the user's programs stream). A retry with the same key answers
 * the first completion; a completion left without its program by an older server is finished.
 */
export async function completeWithProgram(context: GraphQLContext, consultationId: string, idempotencyKey: string | null): Promise<Completion> {
  const user = requireUser(context);
  const { services } = context;
  const key = checkCommandOptions({ idempotencyKey });
  const commandHash = key ? requestHash({ operation: 'completeConsultation', args: { id: consultationId } }) : undefined;
  const programId = services.newId();
  const streams = { consultation: consultationStream(consultationId), programs: programsStream(user.id) };

  return retryOnConflict(streams.consultation, async () => {
    const hit = await findReplay(services.store, user.id, key, commandHash);
    const [consultationHistory, programsHistory] = await Promise.all([
      services.store.readStream(streams.consultation),
      services.store.readStream(streams.programs, { omitDataKeys: programDecider.omitDataKeys }),
    ]);
    const consultation = fold(consultationDecider, consultationHistory);
    const programs = fold(programDecider, programsHistory);
    const done = programs.firstOf[consultationId];
    if (hit && done) {
      // A completed consultation never changes again, and its first program is the completion's.
      return { consultation: consultationHistory, program: programAsGenerated(generatedIn(programsHistory, done)) };
    }
    const events = decideCompletion({ type: 'CompleteConsultationWithProgram', consultationId, programId }, consultation, programs, {
      now: services.clock.now().toISOString(),
      userId: user.id,
      lookups: services.lookups,
    });
    const [completed, generated] = await services.store.appendAll(
      [
        { streamId: streams.consultation, expectedVersion: consultationHistory.length, events: events.consultation, programId: null },
        { streamId: streams.programs, expectedVersion: programsHistory.length, events: events.programs, programId },
      ],
      {
        userId: user.id,
        // A key already recorded (on a completion left without its program) is not recorded twice.
        idempotencyKey: hit ? null : key,
        metadata: { actor: user.id, correlationId: context.requestId, ...(commandHash ? { commandHash } : {}) },
      },
    );
    return {
      consultation: [...consultationHistory, ...completed.events],
      program: programAsGenerated(generated.events[0].data as ProgramGeneratedData),
    };
  });
}
