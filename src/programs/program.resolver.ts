import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLUUID } from 'graphql-scalars';
import { GraphQLContext, requireUser } from '../server/context';
import { ProgramLoaders, createProgramLoaders } from './program.loaders';
import { CURRENT_PROGRAM_DESCRIPTION, currentProgramOf } from './currentProgram';
import { completedAnswers, generateProgramFor, latestCompletedConsultation, loadProgram } from './program.service';
import { programAsOfVersion } from './planHistory';
import type { FoldedMeal, FoldedSession } from './planHistory';
import { GenerateProgramInput, Meal, MealItem, PlannedExercise, Program, Session } from './program.types';

const loaderCache = new WeakMap<GraphQLContext, ProgramLoaders>();

/** The request's loaders, made on first use and dropped with the request. */
export function programLoaders(context: GraphQLContext): ProgramLoaders {
  let loaders = loaderCache.get(context);
  if (!loaders) {
    const userId = requireUser(context).id;
    loaders = createProgramLoaders(context.services.db.sql.asUser(userId), userId);
    loaderCache.set(context, loaders);
  }
  return loaders;
}

@Resolver(() => Program)
export class ProgramResolver {
  @Query(() => Program, { nullable: true, description: CURRENT_PROGRAM_DESCRIPTION })
  async currentProgram(@Ctx() context: GraphQLContext): Promise<Program | null> {
    return currentProgramOf(context);
  }

  // Nullable so that a NOT_FOUND nulls only this field, not the other root fields of the request (README).
  @Query(() => Program, { nullable: true, description: "One of your programs; null with a NOT_FOUND error for an unknown id or someone else's" })
  async program(
    @Arg('id', () => GraphQLUUID, { description: 'Program id' }) id: string,
    @Arg('asOfVersion', () => Int, {
      nullable: true,
      description: 'The program as it stood at this version (0 = as generated; see planChanges): its targets, days, sessions and meals folded from the log',
    }) asOfVersion: number | null,
    @Ctx() context: GraphQLContext,
  ): Promise<Program> {
    const program = await loadProgram(context, id);
    if (asOfVersion === null || asOfVersion === undefined) return program;
    const userId = requireUser(context).id;
    return programAsOfVersion(context.services.db.sql.asUser(userId), userId, program, asOfVersion);
  }

  @Mutation(() => Program, {
    description: 'Regenerates your program from your latest completed consultation; it replaces the current one from startDate',
  })
  async generateProgram(
    @Arg('input', () => GenerateProgramInput, { description: 'Start date and length of the new program' }) input: GenerateProgramInput,
    @Arg('idempotencyKey', () => String, { nullable: true, description: 'A retry with the same key returns the first result' }) idempotencyKey: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<Program> {
    requireUser(context);
    const consultationId = await latestCompletedConsultation(context);
    const answers = await completedAnswers(context, consultationId);
    return generateProgramFor(context, { consultationId, answers, startDate: input.startDate, weeks: input.weeks, idempotencyKey });
  }
}

@Resolver(() => Session)
export class SessionResolver {
  @FieldResolver(() => [PlannedExercise], { description: 'Its exercises, in order' })
  exercises(@Root() session: Session, @Ctx() context: GraphQLContext): Promise<PlannedExercise[]> {
    const folded = (session as Partial<FoldedSession>).folded;
    if (folded) return Promise.resolve(folded);
    return programLoaders(context).exercisesOfSession.load(session.id);
  }
}

@Resolver(() => Meal)
export class MealResolver {
  @FieldResolver(() => [MealItem], { description: 'Its foods, in order' })
  items(@Root() meal: Meal, @Ctx() context: GraphQLContext): Promise<MealItem[]> {
    const folded = (meal as Partial<FoldedMeal>).folded;
    if (folded) return Promise.resolve(folded);
    return programLoaders(context).itemsOfMeal.load(meal.id);
  }
}
