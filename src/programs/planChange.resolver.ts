import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLUUID } from 'graphql-scalars';
import { handle } from '../core/commandHandler';
import { badInput, notFound } from '../core/errors';
import { SqlExecutor } from '../core/db/sql';
import { EXERCISES } from '../reference/exercises.data';
import { FOODS } from '../reference/foods.data';
import { PAGE_SIZE_MAX } from '../reference/connection';
import { exerciseOf as libraryExercise, foodOf as catalogFood } from '../reference/catalog';
import { GraphQLContext, requireUser } from '../server/context';
import { PersonPlanChange, PlanChangeExplanation, programStream } from './planChange.contracts';
import { planChangeDecider } from './planChange.decide';
import { loadPlanChangeLookups, namedItems, NamedItems, programOfItem } from './planChange.lookups';
import { mealTotals, rankExerciseAlternatives, rankFoodAlternatives, solvePortion } from './planChange.rules';
import { planHistory, toProgramVersion } from './planHistory';
import { loadProgram } from './program.service';
import {
  ChangePlanInput, ExerciseAlternative, FoodAlternative, PlanChangeKindEnum, PlanChangeResult, ProgramVersionConnection,
} from './planChange.types';

const exerciseRefs = new Map(EXERCISES.map((e) => [e.id, e]));
const foodRefs = new Map(FOODS.map((f) => [f.id, f]));

/** Which fields each kind uses; any other one set is refused, so a client never believes a stray field did something. */
const FIELDS_OF: Record<PlanChangeKindEnum, ReadonlyArray<keyof ChangePlanInput>> = {
  [PlanChangeKindEnum.RESCHEDULE_SESSION]: ['sessionId', 'toDate'],
  [PlanChangeKindEnum.SKIP_SESSION]: ['sessionId'],
  [PlanChangeKindEnum.SWAP_EXERCISE]: ['plannedExerciseId', 'exerciseId'],
  [PlanChangeKindEnum.SWAP_MEAL_ITEM]: ['plannedMealItemId', 'foodId'],
};
const OPTIONAL_FIELDS = ['sessionId', 'toDate', 'plannedExerciseId', 'exerciseId', 'plannedMealItemId', 'foodId'] as const;

/** The input as the domain's change, or BAD_USER_INPUT naming the missing or stray field. */
export function toPersonPlanChange(input: ChangePlanInput): PersonPlanChange {
  const used = FIELDS_OF[input.kind];
  const kindName = Object.entries(PlanChangeKindEnum).find(([, v]) => v === input.kind)?.[0] ?? String(input.kind);
  for (const field of OPTIONAL_FIELDS) {
    const set = input[field] !== null && input[field] !== undefined;
    if (used.includes(field) && !set) throw badInput(`input.${field}`, `${field} is required to ${kindName.toLowerCase().replace(/_/g, ' ')}`);
    if (!used.includes(field) && set) throw badInput(`input.${field}`, `${field} is not used by ${kindName}; leave it out`);
  }
  switch (input.kind) {
    case PlanChangeKindEnum.RESCHEDULE_SESSION: return { kind: 'reschedule_session', sessionId: input.sessionId!, toDate: input.toDate! };
    case PlanChangeKindEnum.SKIP_SESSION: return { kind: 'skip_session', sessionId: input.sessionId! };
    case PlanChangeKindEnum.SWAP_EXERCISE: return { kind: 'swap_exercise', plannedExerciseId: input.plannedExerciseId!, exerciseId: input.exerciseId! };
    case PlanChangeKindEnum.SWAP_MEAL_ITEM: return { kind: 'swap_meal_item', plannedMealItemId: input.plannedMealItemId!, foodId: input.foodId! };
    default: throw badInput('input.kind', `unknown kind ${String(input.kind)}`);
  }
}

const itemField = (named: NamedItems): string =>
  named.sessionId ? 'input.sessionId' : named.plannedExerciseId ? 'input.plannedExerciseId' : 'input.plannedMealItemId';

/** Reads as the caller in one transaction (row-level security). */
function asCaller<T>(context: GraphQLContext, fn: (tx: SqlExecutor, userId: string) => Promise<T>): Promise<T> {
  const userId = requireUser(context).id;
  return context.services.db.sql.transaction((tx) => fn(tx, userId), { role: 'api', userId });
}

/** The lookups for a suggestion query (the plan item and the person's limits), or NOT_FOUND on `field`. */
async function suggestionLookups(context: GraphQLContext, named: NamedItems, field: string) {
  return asCaller(context, async (tx, userId) => {
    const programId = await programOfItem(tx, userId, named);
    if (!programId) throw notFound(field.replace(/^.*\./, '').replace(/Id$/, '').replace(/([A-Z])/g, ' $1').toLowerCase(), field);
    const lookups = await loadPlanChangeLookups(tx, userId, programId, named);
    if (!lookups.limits) throw notFound('the consultation of the program', field);
    return { ...lookups, limits: lookups.limits };
  });
}

function checkFirst(first: number, max = 50): void {
  if (!Number.isInteger(first) || first < 1 || first > max) throw badInput('first', `first must be between 1 and ${max}`);
}

@Resolver()
export class PlanChangeCommandResolver {
  @Mutation(() => PlanChangeResult, {
    description: 'Changes your own plan: reschedule, skip, swap an exercise or a meal item. Only today and later change (past days are locked); '
      + 'the change is an event with its explanation in planChanges, and planChanged subscribers are told',
  })
  async changePlan(
    @Arg('input', () => ChangePlanInput, { description: 'The change' }) input: ChangePlanInput,
    @Arg('expectedVersion', () => Int, { nullable: true, description: 'Answer CONFLICT if the program has moved past this version (Program.version)' })
    expectedVersion: number | null,
    @Arg('idempotencyKey', () => String, { nullable: true, description: 'A retry with the same key returns the first result and changes nothing' })
    idempotencyKey: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<PlanChangeResult> {
    const user = requireUser(context);
    const change = toPersonPlanChange(input);
    const named = namedItems(change);
    let programId = await programOfItem(context.services.db.sql.asUser(user.id), user.id, named);
    // A keyed retry of a skip names a session that is no longer on the plan: its first answer says which program.
    if (!programId && idempotencyKey) {
      const hit = await context.services.store.findIdempotent(user.id, idempotencyKey);
      if (hit?.streamId.startsWith(programStream(''))) programId = hit.streamId.slice(programStream('').length);
    }
    if (!programId) throw notFound(change.kind.startsWith('swap_meal') ? 'planned meal item' : change.kind === 'swap_exercise' ? 'planned exercise' : 'session', itemField(named));
    const result = await handle(context.services.store, programStream(programId), planChangeDecider, { type: 'ChangePlan', programId, change }, {
      userId: user.id,
      now: context.services.clock.now().toISOString(),
      lookups: { program: null, limits: null, session: null, meal: null, sessionOnToDate: null },
      lookupsInTransaction: (tx) => loadPlanChangeLookups(tx, user.id, programId, named),
      expectedVersion,
      idempotencyKey,
      programId,
      request: { operation: 'changePlan', change, expectedVersion },
      metadata: { actor: user.id, correlationId: context.requestId },
    });
    const event = result.events[0] ?? result.history[result.history.length - 1];
    const data = event.data as { explanation?: PlanChangeExplanation; change?: PersonPlanChange };
    return {
      change: toProgramVersion(programId, {
        type: event.type, version: event.streamVersion, recordedAt: event.recordedAt, explanation: data.explanation ?? null, kind: data.change?.kind ?? null,
      }),
      program: await loadProgram(context, programId),
    };
  }

  @Query(() => [ExerciseAlternative], {
    description: 'Exercises you could do instead of a planned one, best first: same movement pattern and a shared primary muscle, '
      + 'then a shared primary muscle, then the same pattern; only ones your equipment, injuries and exclusions allow, not already in the session',
    complexity: ({ args, childComplexity }) => 1 + Math.min(50, Number(args.first) || 10) * childComplexity,
  })
  async exerciseAlternatives(
    @Arg('plannedExerciseId', () => GraphQLUUID, { description: 'The planned exercise (PlannedExercise.id)' }) plannedExerciseId: string,
    @Arg('first', () => Int, { defaultValue: 10, description: 'How many, 1-50' }) first: number,
    @Ctx() context: GraphQLContext,
  ): Promise<ExerciseAlternative[]> {
    checkFirst(first);
    const named = { sessionId: null, plannedExerciseId, plannedMealItemId: null, toDate: null };
    const { session, limits } = await suggestionLookups(context, named, 'plannedExerciseId');
    const item = session?.exercises.find((e) => e.id === plannedExerciseId);
    const current = item && exerciseRefs.get(item.exerciseId);
    if (!session || !item || !current) throw notFound('planned exercise', 'plannedExerciseId');
    const taken = new Set(session.exercises.map((e) => e.exerciseId));
    return rankExerciseAlternatives(current, EXERCISES, limits, taken).slice(0, first).map((ex) => ({
      exercise: libraryExercise(ex.id)!,
      samePattern: ex.movementPattern === current.movementPattern,
      sharedMuscles: ex.primaryMuscles.filter((m) => current.primaryMuscles.includes(m)),
    }));
  }

  @Query(() => [FoodAlternative], {
    description: 'Foods you could eat instead of a planned one, best first: same main macro and category, then same main macro, then same category; '
      + 'only ones your diet, allergies and exclusions allow, not already in the meal; each with the portion a swap would plan',
    complexity: ({ args, childComplexity }) => 1 + Math.min(50, Number(args.first) || 10) * childComplexity,
  })
  async foodAlternatives(
    @Arg('plannedMealItemId', () => GraphQLUUID, { description: 'The planned meal item (MealItem.id)' }) plannedMealItemId: string,
    @Arg('first', () => Int, { defaultValue: 10, description: 'How many, 1-50' }) first: number,
    @Ctx() context: GraphQLContext,
  ): Promise<FoodAlternative[]> {
    checkFirst(first);
    const named = { sessionId: null, plannedExerciseId: null, plannedMealItemId, toDate: null };
    const { meal, limits } = await suggestionLookups(context, named, 'plannedMealItemId');
    const index = meal ? meal.items.findIndex((i) => i.id === plannedMealItemId) : -1;
    const current = meal && index >= 0 ? foodRefs.get(meal.items[index].foodId) : undefined;
    if (!meal || !current) throw notFound('planned meal item', 'plannedMealItemId');
    const taken = new Set(meal.items.map((i) => i.foodId));
    return rankFoodAlternatives(current, FOODS, limits, taken).slice(0, first).map((food) => {
      const values = solvePortion(meal, index, food);
      const after = mealTotals(meal.items.map((i, n) => (n === index ? values : i)));
      return { food: catalogFood(food.id)!, ...values, mealKcal: after.kcal };
    });
  }

  @Query(() => ProgramVersionConnection, {
    description: 'The history of one of your programs, oldest first: its generation (version 0), then every change with who or what made it and why',
    complexity: ({ args, childComplexity }) => 1 + Math.min(PAGE_SIZE_MAX, Number(args.first) || 20) * childComplexity,
  })
  async planChanges(
    @Arg('programId', () => GraphQLUUID, { description: 'The program' }) programId: string,
    @Arg('first', () => Int, { defaultValue: 20, description: `Page size, 1-${PAGE_SIZE_MAX}` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'A cursor from an earlier page: the versions after it' }) after: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<ProgramVersionConnection> {
    const user = requireUser(context);
    const program = await loadProgram(context, programId).catch((error) => {
      throw error?.code === 'NOT_FOUND' ? notFound('program', 'programId') : error;
    });
    return planHistory(context.services.db.sql.asUser(user.id), user.id, program, first, after);
  }
}

