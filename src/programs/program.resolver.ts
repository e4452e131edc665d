import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLUUID } from 'graphql-scalars';
import { GraphQLContext, requireUser } from '../server/context';
import { PROGRAM_COLUMNS, ProgramLoaders, createProgramLoaders, toProgram } from './program.loaders';
import { completedAnswers, generateProgramFor, latestCompletedConsultation, loadProgram } from './program.service';
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
  @Query(() => Program, { nullable: true, description: 'The program in force: the newest active one' })
  async currentProgram(@Ctx() context: GraphQLContext): Promise<Program | null> {
    const userId = requireUser(context).id;
    const { rows } = await context.services.db.sql.asUser(userId).query<Parameters<typeof toProgram>[0]>(
      `SELECT ${PROGRAM_COLUMNS} FROM programs WHERE user_id = $1 AND status = 'active' ORDER BY start_date DESC, created_at DESC LIMIT 1`,
      [userId],
    );
    return rows[0] ? toProgram(rows[0]) : null;
  }

  @Query(() => Program, { description: "One of your programs; NOT_FOUND for an unknown id or someone else's" })
  async program(@Arg('id', () => GraphQLUUID) id: string, @Ctx() context: GraphQLContext): Promise<Program> {
    return loadProgram(context, id);
  }

  @Mutation(() => Program, {
    description: 'Regenerates your program from your latest completed consultation; it replaces the current one from startDate',
  })
  async generateProgram(
    @Arg('input', () => GenerateProgramInput) input: GenerateProgramInput,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<Program> {
    requireUser(context);
    const consultationId = await latestCompletedConsultation(context);
    const answers = await completedAnswers(context, consultationId);
    return generateProgramFor(context, { consultationId, answers, startDate: input.startDate, weeks: input.weeks, idempotencyKey, operation: 'generateProgram' });
  }
}

@Resolver(() => Session)
export class SessionResolver {
  @FieldResolver(() => [PlannedExercise])
  exercises(@Root() session: Session, @Ctx() context: GraphQLContext): Promise<PlannedExercise[]> {
    return programLoaders(context).exercisesOfSession.load(session.id);
  }
}

@Resolver(() => Meal)
export class MealResolver {
  @FieldResolver(() => [MealItem])
  items(@Root() meal: Meal, @Ctx() context: GraphQLContext): Promise<MealItem[]> {
    return programLoaders(context).itemsOfMeal.load(meal.id);
  }
}
