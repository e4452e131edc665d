import { handle, readState } from '../core/commandHandler';
import { consultationDecider } from '../consultations/consultation.decide';
import { AppError } from '../core/errors';
import { ConsultationAnswers, consultationStream } from '../consultations/consultation';
import { GraphQLContext, requireUser } from '../server/context';
import { programsStream } from './program';
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

/** Generates a program from a completed consultation and returns it as stored. */
export async function generateProgramFor(
  context: GraphQLContext,
  args: { consultationId: string; answers: ConsultationAnswers; startDate: string; weeks: number; idempotencyKey?: string | null; operation: string },
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
    request: { operation: args.operation, consultationId: args.consultationId, startDate: args.startDate, weeks: args.weeks },
    programId,
    metadata: { actor: user.id, correlationId: context.requestId },
  });
  const current = result.state.current;
  if (!current) throw new Error('program generation appended no program');
  return loadProgram(context, current.programId);
}
