import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { GraphQLContext, requireUser } from '../server/context';
import { filterExercises, filterFoods } from './catalog';
import { ExerciseConnection, ExerciseFilter, FoodConnection, FoodFilter } from './catalog.types';
import { PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, paginate } from './connection';

/** A page costs its size times what each item asks for, like the other lists. */
const pageComplexity = ({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }): number =>
  1 + Math.min(PAGE_SIZE_MAX, Math.max(1, Number(args.first ?? PAGE_SIZE_DEFAULT) || PAGE_SIZE_DEFAULT)) * childComplexity;

@Resolver()
export class ReferenceResolver {
  @Query(() => ExerciseConnection, {
    description: 'The exercise library, by id: find ids for excludedExercises and lifts',
    complexity: pageComplexity,
  })
  exercises(
    @Arg('filter', () => ExerciseFilter, { nullable: true, description: 'Only exercises matching all of it' }) filter: ExerciseFilter | null,
    @Arg('first', () => Int, { defaultValue: PAGE_SIZE_DEFAULT, description: `Page size, 1-${PAGE_SIZE_MAX}` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page' }) after: string | null,
    @Ctx() context: GraphQLContext,
  ): ExerciseConnection {
    requireUser(context);
    return paginate('exercise', filterExercises(filter), first, after);
  }

  @Query(() => FoodConnection, {
    description: 'The food catalog, by id: find ids for excludedFoods',
    complexity: pageComplexity,
  })
  foods(
    @Arg('filter', () => FoodFilter, { nullable: true, description: 'Only foods matching all of it' }) filter: FoodFilter | null,
    @Arg('first', () => Int, { defaultValue: PAGE_SIZE_DEFAULT, description: `Page size, 1-${PAGE_SIZE_MAX}` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page' }) after: string | null,
    @Ctx() context: GraphQLContext,
  ): FoodConnection {
    requireUser(context);
    return paginate('food', filterFoods(filter), first, after);
  }
}
