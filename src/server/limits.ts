import {
  ASTVisitor, DocumentNode, FragmentDefinitionNode, GraphQLError, GraphQLSchema, Kind, OperationDefinitionNode,
  SelectionSetNode, ValidationContext, ValidationRule,
} from 'graphql';
import { ComplexityEstimator, fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { MAX_MEALS_PER_DAY } from '../programs/nutrition/mealPlan.constants';

/** Error codes for operations refused before they run. */
export const QUERY_TOO_DEEP = 'QUERY_TOO_DEEP';
export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

function selectionDepth(
  set: SelectionSetNode | undefined,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: Set<string>,
): number {
  if (!set) return 0;
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue; // introspection is exempt
      deepest = Math.max(deepest, 1 + selectionDepth(selection.selectionSet, fragments, seen));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, selectionDepth(selection.selectionSet, fragments, seen));
    } else {
      const name = selection.name.value;
      if (seen.has(name) || !fragments[name]) continue; // cycles are reported by NoFragmentCycles
      deepest = Math.max(deepest, selectionDepth(fragments[name].selectionSet, fragments, new Set(seen).add(name)));
    }
  }
  return deepest;
}

/** A validation rule refusing operations nested deeper than maxDepth fields. */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const document = context.getDocument();
    const fragments = Object.fromEntries(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    return {
      OperationDefinition(operation: OperationDefinitionNode) {
        const depth = selectionDepth(operation.selectionSet, fragments, new Set());
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`the operation is nested ${depth} levels deep; the limit is ${maxDepth}`, {
              nodes: [operation],
              extensions: { code: QUERY_TOO_DEEP, depth, maxDepth },
            }),
          );
        }
      },
    };
  };
}

/**
 * How many items the lists inside a plan hold at most, so that a calendar is priced as what it
 * returns (days x sessions x exercises, days x meals x items) rather than one item per list.
 */
export const LIST_SIZE_ESTIMATES: Readonly<Record<string, number>> = {
  /** One program is in force per day and it plans at most one session a day (training.constants.ts). */
  'CalendarDay.sessions': 1,
  /** meals per day, 2-6 (mealPlan.constants.ts). */
  'CalendarDay.meals': MAX_MEALS_PER_DAY,
  /**
   * The most exercises the generator puts in one session: 17, measured with generateTrainingPlan
   * over every experience, goal, 1-7 days a week and 60-180 minutes with all equipment.
   */
  'Session.exercises': 17,
  /** A meal is built from 2-4 items (protein, carbohydrate, vegetable, fat sources: mealPlan.ts). */
  'Meal.items': 4,
  /**
   * Logs are the person's own and bounded by validation (40 exercises, 30 sets, 50 items), but
   * priced at a full session's size: 10 exercises of 5 sets, a meal of 8 items. A log at the
   * bounds still answers; only the estimate is typical.
   */
  'Activity.exercises': 10,
  'LoggedExercise.sets': 5,
  'MealLog.items': 8,
};

/** Prices a list field as its expected size times the cost of one item. */
function listSizeEstimator(sizes: Readonly<Record<string, number>>): ComplexityEstimator {
  return ({ type, field, childComplexity }) => {
    const size = sizes[`${type.name}.${field.name}`];
    return size === undefined ? undefined : 1 + size * childComplexity;
  };
}

/**
 * The estimated cost of an operation: each field costs 1 unless its @Field/@Query declares a
 * complexity (lists multiply their children by the page size asked for, or by their size in
 * LIST_SIZE_ESTIMATES).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | undefined | null,
): number {
  try {
    return getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      operationName: operationName ?? undefined,
      estimators: [fieldExtensionsEstimator(), listSizeEstimator(LIST_SIZE_ESTIMATES), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch (error) {
    // getComplexity coerces the variables before execution does: a bad variable surfaces here.
    if (error instanceof GraphQLError) {
      throw new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
    }
    throw error;
  }
}

export function costError(cost: number, maxCost: number): GraphQLError {
  return new GraphQLError(`the operation would cost ${cost}; the limit is ${maxCost}`, {
    extensions: { code: QUERY_TOO_COMPLEX, cost, maxCost, http: { status: 400 } },
  });
}
