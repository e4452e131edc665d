import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLUUID } from 'graphql-scalars';
import { handle, requestHash } from '../core/commandHandler';
import { scopedPrisma } from '../core/db/scopedPrisma';
import { notFound, badInput } from '../core/errors';
import { GraphQLContext, requireUser } from '../server/context';
import type { ConsultationSession } from '../generated/prisma/client';
import { DraftAnswers, Lift, consultationStream } from './consultation';
import { ConsultationCommand, consultationDecider } from './consultation.decide';
import { completeAnswers, missingAnswers } from './consultation.rules';
import { checkProgramCanBeBuilt } from '../programs/program.generate';
import { completedAnswers, generateProgramFor } from '../programs/program.service';
import {
  CompleteConsultationPayload, Consultation, ConsultationAnswersInput, ConsultationStatusEnum,
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
    const id = result.streamId.slice('consultation-'.length);
    return this.load(context, id, user.id);
  }

  @Query(() => Consultation, { description: 'One of your consultations; NOT_FOUND for an unknown id or someone else\'s' })
  async consultation(@Arg('id', () => GraphQLUUID) id: string, @Ctx() context: GraphQLContext): Promise<Consultation> {
    return this.load(context, id, requireUser(context).id);
  }

  @Query(() => [Consultation], {
    description: 'Your consultations, newest first',
    complexity: ({ args, childComplexity }) => 1 + Number(args.first ?? 20) * childComplexity,
  })
  async myConsultations(
    @Arg('status', () => ConsultationStatusEnum, { nullable: true }) status: ConsultationStatusEnum | null,
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
    @Arg('input', () => ConsultationAnswersInput, { nullable: true }) input: ConsultationAnswersInput | null,
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
    @Arg('id', () => GraphQLUUID) id: string,
    @Arg('input', () => ConsultationAnswersInput) input: ConsultationAnswersInput,
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'Answer CONFLICT if the consultation moved past this version' })
    expectedVersion: number | null,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
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
    @Arg('id', () => GraphQLUUID) id: string,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<CompleteConsultationPayload> {
    const user = requireUser(context);
    // Refuse before completing when no program can be built from the answers (say, allergies
    // that leave too few foods): a completed consultation without a program helps nobody.
    const draft = await this.load(context, id, user.id);
    if (draft.status === ConsultationStatusEnum.IN_PROGRESS && draft.missingAnswers.length === 0) {
      checkProgramCanBeBuilt(completeAnswers(draft.answers as unknown as DraftAnswers), context.services.clock.now().toISOString());
    }
    const consultation = await this.run(context, 'completeConsultation', id, { type: 'CompleteConsultation', consultationId: id }, {
      idempotencyKey,
      args: { id },
    });
    const answers = await completedAnswers(context, id);
    const program = await generateProgramFor(context, {
      consultationId: id,
      answers,
      startDate: answers.startDate,
      weeks: answers.programWeeks,
      // The program's own key follows from the request's, so a retried completion replays it too.
      idempotencyKey: `program:${requestHash(idempotencyKey ?? `complete:${id}`)}`,
      operation: 'completeConsultation',
    });
    return { consultation, program };
  }
}
