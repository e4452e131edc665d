import { Arg, Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { addDays } from '../core/dates';
import { checkDateRange, pricedDays } from '../core/dateRange';
import { GraphQLContext, requireUser } from '../server/context';
import { programLoaders } from '../programs/program.resolver';
import { DailyTargets, Meal, Session } from '../programs/program.types';
import { targetsOn } from '../programs/planDiff';

/** The longest range one calendar request may span (a quarter). */
export const CALENDAR_MAX_DAYS = 92;

@ObjectType({ description: 'One day of your plan' })
export class CalendarDay {
  @Field(() => GraphQLLocalDate, { description: 'The day' }) date!: string;
  @Field(() => DailyTargets, { nullable: true, description: "The day's energy and macro targets (null without a program)" })
  targets!: DailyTargets | null;
  @Field(() => [Session], { description: 'Training sessions planned that day' }) sessions!: Session[];
  @Field(() => [Meal], { description: 'Meals planned that day, by slot' }) meals!: Meal[];
}

@Resolver(() => CalendarDay)
export class CalendarResolver {
  @Query(() => [CalendarDay], {
    description: `Every day from \`from\` to \`to\` (inclusive, at most ${CALENDAR_MAX_DAYS} days) with its sessions and meals`,
    // A longer range is priced as the longest: the resolver refuses it with its own message on `to`.
    complexity: ({ args, childComplexity }) => 1 + pricedDays(args, CALENDAR_MAX_DAYS) * childComplexity,
  })
  async calendar(
    @Arg('from', () => GraphQLLocalDate, { description: 'First day, inclusive' }) from: string,
    @Arg('to', () => GraphQLLocalDate, { description: 'Last day, inclusive' }) to: string,
    @Ctx() context: GraphQLContext,
  ): Promise<CalendarDay[]> {
    const user = requireUser(context);
    const span = checkDateRange(from, to, CALENDAR_MAX_DAYS, 'a calendar');

    const { rows } = await context.services.db.sql.asUser(user.id).query<{ date: string; program_id: string; session_instance_id: string | null; meal_instance_id: string | null }>(
      `SELECT date, program_id, session_instance_id, meal_instance_id FROM calendar_events
       WHERE user_id = $1 AND date BETWEEN $2 AND $3`,
      [user.id, from, to],
    );
    const loaders = programLoaders(context);
    const [sessions, meals, programs] = await Promise.all([
      loaders.session.loadMany(rows.flatMap((r) => (r.session_instance_id ? [r.session_instance_id] : []))),
      loaders.meal.loadMany(rows.flatMap((r) => (r.meal_instance_id ? [r.meal_instance_id] : []))),
      loaders.program.loadMany([...new Set(rows.map((r) => r.program_id))]),
    ]);
    const days = new Map<string, CalendarDay>();
    for (let i = 0; i < span; i++) {
      const date = addDays(from, i);
      days.set(date, { date, targets: null, sessions: [], meals: [] });
    }
    const programTargets = new Map(programs.flatMap((p) => (p && !(p instanceof Error) ? [[p.id, p.targetsHistory] as const] : [])));
    for (const row of rows) {
      const day = days.get(row.date);
      if (day) day.targets ??= targetsOn(programTargets.get(row.program_id) ?? [], row.date)?.targets ?? null;
    }
    for (const session of sessions) if (session && !(session instanceof Error)) days.get(session.date)?.sessions.push(session);
    for (const meal of meals) if (meal && !(meal instanceof Error)) days.get(meal.date)?.meals.push(meal);
    for (const day of days.values()) {
      day.sessions.sort((a, b) => a.name.localeCompare(b.name));
      day.meals.sort((a, b) => a.slot - b.slot);
    }
    return [...days.values()];
  }
}
