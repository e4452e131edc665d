import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLUUID } from 'graphql-scalars';
import { fold, handle } from '../core/commandHandler';
import { scopedPrisma } from '../core/db/scopedPrisma';
import { notFound, badInput } from '../core/errors';
import { RecordedEvent } from '../core/eventStore/types';
import { GraphQLContext, requireUser } from '../server/context';
import type { ConsultationSession } from '../generated/prisma/client';
import { ANSWER_NAMES, AnswerName, ConsultationEvent, DraftAnswers, Lift, consultationStream } from './consultation';
import { ConsultationCommand, consultationDecider } from './consultation.decide';
import { missingAnswers } from './consultation.rules';
import { completeWithProgram } from '../programs/program.service';
import { CompleteConsultationPayload } from './completion.types';
import {
  Consultation, ConsultationAnswersInput, ConsultationStatusEnum,
} from './consultation.types';

const LIST_MAX = 100;

const num = (value: { toNumber(): number } | null): number | null => (value === null ? null : value.toNumber());
const day = (value: Date | null): string | null => (value === null ? null : value.toISOString().slice(0, 10));

export function toConsultation(row: ConsultationSession): Consultation {
  const answers = {
    sex: row.sex, birthDate: day(row.birthDate), heightCm: num(row.heightCm), weightKg: num(row.weightKg),
    bodyFatPct: num(row.bodyFatPct), goal: row.goal, targetRatePctPerWeek: num(row.targetRatePct),
    experience: row.experience, trainingDaysPerWeek: row.trainingDaysPerWeek, preferredWeekdays: row.preferredWeekdays,
    sessionMinutes: row.sessionMinutes, equipment: row.equipment, injuries: row.injuries,
    excludedExercises: row.excludedExercises, activityLevel: row.activityLevel, dietType: row.dietType,
    allergies: row.allergies, excludedFoods: row.excludedFoods, mealsPerDay: row.mealsPerDay,
    timeZone: row.timeZone, startDate: day(row.startDate), programWeeks: row.programWeeks,
    lifts: (Array.isArray(row.lifts) ? row.lifts : []) as unknown as Lift[],
  };
  return {
    id: row.id,
    status: row.status as ConsultationStatusEnum,
    version: row.version,
    answers: answers as unknown as Consultation['answers'],
    missingAnswers: missingAnswers(answers as DraftAnswers),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    completedAt: row.completedAt,
  };
}

/** Answers a draft may leave out that the read model stores as an empty list. */
const LIST_ANSWERS = new Set<AnswerName>([
  'preferredWeekdays', 'equipment', 'injuries', 'excludedExercises', 'allergies', 'excludedFoods', 'lifts',
]);

/** Decimal places the read model keeps of each decimal answer (NUMERIC scales of consultation_sessions, migration 0002). */
const STORED_SCALE: Partial<Record<AnswerName, number>> = { heightCm: 1, weightKg: 1, bodyFatPct: 1, targetRatePctPerWeek: 2 };

/** Rounds as PostgreSQL stores a number into NUMERIC(p, scale): half away from zero, on the decimal text. */
function roundToScale(value: number, scale: number): number {
  const rounded = Math.sign(value) * Number(`${Math.round(Number(`${Math.abs(value)}e${scale}`))}e-${scale}`);
  return Number.isFinite(rounded) ? rounded : value; // a value printed in exponent form is far outside every answer's range
}

function asStored(name: AnswerName, value: unknown): unknown {
  if (value === undefined || value === null) return LIST_ANSWERS.has(name) ? [] : null;
  const scale = STORED_SCALE[name];
  return scale !== undefined && typeof value === 'number' ? roundToScale(value, scale) : value;
}

/**
 * A consultation as its events up to some version describe it: what toConsultation reads from
 * the row its projection wrote at that version. Mutations answer with it, so a retry with the
 * same key answers what the first request did, whatever changed since.
 */
export function consultationAt(history: readonly RecordedEvent[]): Consultation {
  const state = fold(consultationDecider, history);
  if (state.status === 'none') throw new Error('no consultation in these events');
  const events = history as unknown as Array<RecordedEvent<ConsultationEvent['type'], { at: string }>>;
  const answers = Object.fromEntries(
    ANSWER_NAMES.map((name) => [name, asStored(name, state.answers[name])]),
  ) as DraftAnswers;
  const completed = events.find((event) => event.type === 'ConsultationCompleted');
  return {
    id: state.id,
    status: state.status as ConsultationStatusEnum,
    version: events[events.length - 1].streamVersion,
    answers: answers as unknown as Consultation['answers'],
    missingAnswers: missingAnswers(answers),
    createdAt: new Date(events[0].data.at),
    updatedAt: new Date(events[events.length - 1].data.at),
    completedAt: completed ? new Date(completed.data.at) : null,
  };
}

/** GraphQL input to domain answers: only the fields the caller sent (undefined = untouched). */
function toDraft(input: ConsultationAnswersInput | null | undefined): DraftAnswers {
  const draft: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input ?? {})) if (value !== undefined) draft[name] = value;
  return draft as DraftAnswers;
}

@Resolver(() => Consultation)
export class ConsultationResolver {
  private async load(context: GraphQLContext, id: string, userId: string): Promise<Consultation> {
    const row = await scopedPrisma(context.services.db.prisma, userId, (prisma) =>
      prisma.consultationSession.findFirst({ where: { id, userId } }));
    if (!row) throw notFound('consultation', 'id');
    return toConsultation(row);
  }

  private async run(
    context: GraphQLContext,
    operation: string,
    consultationId: string,
    command: ConsultationCommand,
    options: { idempotencyKey?: string | null; expectedVersion?: number | null; args: unknown },
  ): Promise<Consultation> {
    const user = requireUser(context);
    const { services } = context;
    const result = await handle(services.store, consultationStream(consultationId), consultationDecider, command, {
      userId: user.id,
      now: services.clock.now().toISOString(),
      lookups: services.lookups,
      expectedVersion: options.expectedVersion,
      idempotencyKey: options.idempotencyKey,
      request: { operation, args: options.args },
      metadata: { actor: user.id, correlationId: context.requestId },
    });
    return consultationAt(result.history);
  }

  // Nullable so that a NOT_FOUND nulls only this field, not the other root fields of the request (README).
  @Query(() => Consultation, { nullable: true, description: 'One of your consultations; null with a NOT_FOUND error for an unknown id or someone else\'s' })
  async consultation(@Arg('id', () => GraphQLUUID, { description: 'Consultation id' }) id: string, @Ctx() context: GraphQLContext): Promise<Consultation> {
    return this.load(context, id, requireUser(context).id);
  }

  @Query(() => [Consultation], {
    description: 'Your consultations, newest first',
    complexity: ({ args, childComplexity }) => 1 + Number(args.first ?? 20) * childComplexity,
  })
  async myConsultations(
    @Arg('status', () => ConsultationStatusEnum, { nullable: true, description: 'Only consultations in this status' }) status: ConsultationStatusEnum | null,
    @Arg('first', () => Int, { defaultValue: 20, description: `1-${LIST_MAX}` }) first: number,
    @Ctx() context: GraphQLContext,
  ): Promise<Consultation[]> {
    const user = requireUser(context);
    if (first < 1 || first > LIST_MAX) throw badInput('first', `first must be between 1 and ${LIST_MAX}`);
    const rows = await scopedPrisma(context.services.db.prisma, user.id, (prisma) => prisma.consultationSession.findMany({
      where: { userId: user.id, ...(status ? { status } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: first,
    }));
    return rows.map(toConsultation);
  }

  @Mutation(() => Consultation, { description: 'Starts a consultation, with any answers already known' })
  async startConsultation(
    @Arg('input', () => ConsultationAnswersInput, { nullable: true, description: 'Answers already known' }) input: ConsultationAnswersInput | null,
    @Arg('idempotencyKey', () => String, { nullable: true, description: 'A retry with the same key returns the first result' })
    idempotencyKey: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<Consultation> {
    const consultationId = context.services.newId();
    const answers = toDraft(input);
    return this.run(context, 'startConsultation', consultationId, { type: 'StartConsultation', consultationId, answers }, {
      idempotencyKey,
      args: { input: answers },
    });
  }

  @Mutation(() => Consultation, { description: 'Changes answers of a consultation in progress' })
  async updateConsultation(
    @Arg('id', () => GraphQLUUID, { description: 'Consultation id' }) id: string,
    @Arg('input', () => ConsultationAnswersInput, { description: 'The answers to change' }) input: ConsultationAnswersInput,
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'Answer CONFLICT if the consultation moved past this version' })
    expectedVersion: number | null,
    @Arg('idempotencyKey', () => String, { nullable: true, description: 'A retry with the same key returns the first result' }) idempotencyKey: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<Consultation> {
    const changes = toDraft(input);
    return this.run(context, 'updateConsultation', id, { type: 'UpdateConsultation', consultationId: id, changes }, {
      idempotencyKey,
      expectedVersion,
      args: { id, input: changes, expectedVersion },
    });
  }

  @Mutation(() => CompleteConsultationPayload, {
    description: 'Checks that every answer is given and valid, completes the consultation and generates its program',
  })
  async completeConsultation(
    @Arg('id', () => GraphQLUUID, { description: 'Consultation id' }) id: string,
    @Arg('idempotencyKey', () => String, { nullable: true, description: 'A retry with the same key returns the first result' }) idempotencyKey: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<CompleteConsultationPayload> {
    const completion = await completeWithProgram(context, id, idempotencyKey);
    const consultation = consultationAt(completion.consultation);
    const program = completion.program;
    return { consultation, program };
  }
}
