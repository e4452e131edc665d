import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { GraphQLContext } from '../server/context';
import { programLoaders } from '../programs/program.resolver';
import { Meal, Session } from '../programs/program.types';
import { loggingLoaders } from './logging.loaders';
import { Activity, Adherence, MealLog } from './logging.types';

/** The plan shows how it was followed: each planned session and meal with its adherence and its log. */
@Resolver(() => Session)
export class SessionLogResolver {
  @FieldResolver(() => Adherence, { nullable: true, description: 'How it was followed; null until it is logged or its day is swept' })
  adherence(@Root() session: Session, @Ctx() context: GraphQLContext): Promise<Adherence | null> {
    return loggingLoaders(context).adherence.load(session.id);
  }

  @FieldResolver(() => Activity, { nullable: true, description: 'The activity logged for it, if any' })
  activity(@Root() session: Session, @Ctx() context: GraphQLContext): Promise<Activity | null> {
    return loggingLoaders(context).activityOfSession.load(session.id);
  }
}

@Resolver(() => Meal)
export class MealLogLinkResolver {
  @FieldResolver(() => Adherence, { nullable: true, description: 'How it was followed; null until it is logged or its day is swept' })
  adherence(@Root() meal: Meal, @Ctx() context: GraphQLContext): Promise<Adherence | null> {
    return loggingLoaders(context).adherence.load(meal.id);
  }

  @FieldResolver(() => MealLog, { nullable: true, description: 'The meal logged for it, if any' })
  mealLog(@Root() meal: Meal, @Ctx() context: GraphQLContext): Promise<MealLog | null> {
    return loggingLoaders(context).logOfMeal.load(meal.id);
  }
}

@Resolver(() => Activity)
export class ActivityPlanResolver {
  @FieldResolver(() => Session, { nullable: true, description: 'The planned session it stands for' })
  async plannedSession(@Root() activity: Activity, @Ctx() context: GraphQLContext): Promise<Session | null> {
    return activity.plannedSessionId ? (await programLoaders(context).session.load(activity.plannedSessionId)) ?? null : null;
  }
}

@Resolver(() => MealLog)
export class MealLogPlanResolver {
  @FieldResolver(() => Meal, { nullable: true, description: 'The planned meal it stands for' })
  async plannedMeal(@Root() log: MealLog, @Ctx() context: GraphQLContext): Promise<Meal | null> {
    return log.plannedMealId ? (await programLoaders(context).meal.load(log.plannedMealId)) ?? null : null;
  }
}
