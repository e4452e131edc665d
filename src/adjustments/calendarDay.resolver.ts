import DataLoader from 'dataloader';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { CalendarDay } from '../calendar/calendar.resolver';
import { programLoaders } from '../programs/program.resolver';
import { GraphQLContext, requireUser } from '../server/context';
import { latestOverrides } from './adjustments.queries';
import { DayOverride, DayOverrideStatusEnum, EffectiveDay, EffectiveSession } from './adjustments.types';

const overrideLoaders = new WeakMap<GraphQLContext, DataLoader<string, DayOverride | null>>();

/** The request's loader of each day's newest override: one statement for every day of the request. */
function overrideLoader(context: GraphQLContext): DataLoader<string, DayOverride | null> {
  let loader = overrideLoaders.get(context);
  if (!loader) {
    const userId = requireUser(context).id;
    const sql = context.services.db.sql.asUser(userId);
    loader = new DataLoader(async (dates) => {
      const byDate = await latestOverrides(sql, userId, dates);
      return dates.map((date) => byDate.get(date) ?? null);
    });
    overrideLoaders.set(context, loader);
  }
  return loader;
}

const applied = (o: DayOverride | null): DayOverride | null =>
  o && (o.status === DayOverrideStatusEnum.APPROVED || o.status === DayOverrideStatusEnum.AUTO_APPLIED) ? o : null;

/** A calendar day's override and the day as it stands with it. */
@Resolver(() => CalendarDay)
export class CalendarDayOverrideResolver {
  @FieldResolver(() => DayOverride, { nullable: true, description: 'The newest override of the day, whatever its status (null: none)' })
  override(@Root() day: CalendarDay, @Ctx() context: GraphQLContext): Promise<DayOverride | null> {
    return overrideLoader(context).load(day.date);
  }

  @FieldResolver(() => EffectiveDay, {
    description: 'The day as it stands: the plan\'s targets and sessions with an approved or auto-applied override applied '
      + '(the changed session\'s sets and reps in reserve, no session on a rest day, the override\'s energy and macros)',
  })
  async effective(@Root() day: CalendarDay, @Ctx() context: GraphQLContext): Promise<EffectiveDay> {
    const override = applied(await overrideLoader(context).load(day.date));
    const nutrition = override?.nutritionOverride;
    const training = override?.trainingOverride ?? null;
    const targets = day.targets && nutrition ? { ...day.targets, ...nutrition } : day.targets;
    if (training?.kind === 'rest') return { targets, sessions: [], appliedOverrideId: override!.id };
    // A change without a session id changes the day's first session (the one the rules read).
    const changedId = training ? (training.sessionId ?? day.sessions[0]?.id ?? null) : null;
    const loaders = programLoaders(context);
    const sessions = await Promise.all(day.sessions.map(async (session): Promise<EffectiveSession> => {
      const base = { sessionId: session.id, name: session.name, focus: session.focus };
      if (training && session.id === changedId) {
        return { ...base, estimatedMinutes: training.estimatedMinutes, change: training.kind, exercises: training.exercises };
      }
      const planned = await loaders.exercisesOfSession.load(session.id);
      return {
        ...base, estimatedMinutes: session.estimatedMinutes, change: null,
        exercises: planned.map((e) => ({
          plannedExerciseId: e.id, exercise: e.exercise, sets: e.sets, repsMin: e.repsMin, repsMax: e.repsMax, targetRir: e.targetRir, loadKg: e.loadKg,
        })),
      };
    }));
    return { targets, sessions, appliedOverrideId: override?.id ?? null };
  }
}
