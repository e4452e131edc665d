import { scopedPrisma } from '../core/db/scopedPrisma';
import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, Float, Resolver, Root } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { addDays, daysBetween } from '../core/dates';
import { badInput } from '../core/errors';
import { CalendarDay } from '../calendar/calendar.resolver';
import { toConsultation } from '../consultations/consultation.resolver';
import { CONSULTATION_RULES } from '../consultations/consultation.rules';
import { Consultation } from '../consultations/consultation.types';
import { GraphQLContext, requireUser } from '../server/context';
import { programLoaders } from './program.resolver';
import { targetsOn } from './planDiff';
import { toFoldedMeal, toFoldedSession } from './planHistory';
import { floorRateWarning, rateOutlook, RateBasis, RateOutlook } from './nutrition/targets';
import { DailyTargets, Meal, Program, Session } from './program.types';

/** The longest program there is (consultation rules): a program-wide list's cost bound. */
const PROGRAM_MAX_DAYS = CONSULTATION_RULES.programWeeks.max * 7;

const consultationLoaders = new WeakMap<GraphQLContext, DataLoader<string, Consultation | null>>();

/** The request's consultation loader: one findMany for every program's consultation. */
function consultationLoader(context: GraphQLContext): DataLoader<string, Consultation | null> {
  let loader = consultationLoaders.get(context);
  if (!loader) {
    const userId = requireUser(context).id;
    loader = new DataLoader(async (ids) => {
      const rows = await scopedPrisma(context.services.db.prisma, userId, (prisma) =>
        prisma.consultationSession.findMany({ where: { id: { in: [...ids] }, userId } }));
      const byId = new Map(rows.map((row) => [row.id, toConsultation(row)]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    consultationLoaders.set(context, loader);
  }
  return loader;
}

/** The rates of a set of targets, from the consultation's goal, rate and weight (null when unknown). */
async function outlookOf(targets: DailyTargets, context: GraphQLContext): Promise<RateOutlook | null> {
  if (!targets.consultationId) return null;
  const consultation = await consultationLoader(context).load(targets.consultationId);
  const answers = consultation?.answers as unknown as Partial<RateBasis> | undefined;
  if (!answers?.goal || typeof answers.weightKg !== 'number') return null;
  return rateOutlook(
    { targetKcal: targets.kcal, tdeeKcal: targets.tdeeKcal, floorApplied: targets.floorApplied },
    { goal: answers.goal, weightKg: answers.weightKg, targetRatePctPerWeek: answers.targetRatePctPerWeek ?? null },
  );
}

/** from..to clipped to the program (both default to its ends); null when they do not meet it. */
function programRange(program: Program, from: string | null, to: string | null): { from: string; to: string } | null {
  if (from && to && daysBetween(from, to) < 0) throw badInput('to', 'to must not be before from');
  const start = from && from > program.startDate ? from : program.startDate;
  const end = to && to < program.endDate ? to : program.endDate;
  return start <= end ? { from: start, to: end } : null;
}

/** Cost of a program-wide list: every day of the longest program, unless the range says fewer. */
const rangeComplexity = ({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }): number => {
  const span = args.from && args.to ? daysBetween(String(args.from), String(args.to)) + 1 : PROGRAM_MAX_DAYS;
  return 1 + Math.min(PROGRAM_MAX_DAYS, Math.max(1, span)) * childComplexity;
};

const FROM = 'First day, inclusive (default: the program\'s start date)';
const TO = 'Last day, inclusive (default: the program\'s end date)';

/** The graph below a program: its consultation and its own plan, batched per request. */
@Resolver(() => Program)
export class ProgramGraphResolver {
  @FieldResolver(() => Consultation, { description: 'The consultation the program was generated from' })
  async consultation(@Root() program: Program, @Ctx() context: GraphQLContext): Promise<Consultation> {
    const consultation = await consultationLoader(context).load(program.consultationId);
    if (!consultation) throw new Error(`program ${program.id} has no consultation ${program.consultationId}`);
    return consultation;
  }

  @FieldResolver(() => [String], {
    description: 'What you should know about this plan, as sentences: e.g. when the calorie floor holds your target above what the rate you asked for needs, the rate you can expect instead (empty when there is nothing to say)',
  })
  async warnings(@Root() program: Program, @Ctx() context: GraphQLContext): Promise<string[]> {
    const floor = floorRateWarning({ targetKcal: program.targets.kcal }, await outlookOf(program.targets, context));
    return floor ? [floor] : [];
  }

  @FieldResolver(() => [CalendarDay], {
    description: 'Every day of the program from `from` to `to`, with this program\'s sessions and meals (clipped to the program). '
      + 'A superseded program keeps its plan: from supersededFrom on, your calendar shows the newer program instead',
    complexity: rangeComplexity,
  })
  async days(
    @Root() program: Program,
    @Arg('from', () => GraphQLLocalDate, { nullable: true, description: FROM }) from: string | null,
    @Arg('to', () => GraphQLLocalDate, { nullable: true, description: TO }) to: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<CalendarDay[]> {
    const range = programRange(program, from, to);
    if (!range) return [];
    const [sessions, meals] = await Promise.all([this.sessions(program, from, to, context), this.meals(program, from, to, context)]);
    const days = new Map<string, CalendarDay>();
    for (let i = 0; i <= daysBetween(range.from, range.to); i++) {
      const date = addDays(range.from, i);
      days.set(date, { date, targets: targetsOn(program.targetsHistory, date)?.targets ?? program.targets, sessions: [], meals: [] });
    }
    for (const session of sessions) days.get(session.date)?.sessions.push(session);
    for (const meal of meals) days.get(meal.date)?.meals.push(meal);
    return [...days.values()];
  }

  @FieldResolver(() => [Session], { description: 'The program\'s sessions from `from` to `to`, by date', complexity: rangeComplexity })
  async sessions(
    @Root() program: Program,
    @Arg('from', () => GraphQLLocalDate, { nullable: true, description: FROM }) from: string | null,
    @Arg('to', () => GraphQLLocalDate, { nullable: true, description: TO }) to: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<Session[]> {
    const range = programRange(program, from, to);
    if (!range) return [];
    // A program folded from the log (asOfVersion) lists its own plan, not the read models'.
    if (program.snapshot) return program.snapshot.sessions.filter((s) => s.date >= range.from && s.date <= range.to).map((s) => toFoldedSession(s, program.id));
    return programLoaders(context).sessionsOfProgram.load({ programId: program.id, ...range });
  }

  @FieldResolver(() => [Meal], { description: 'The program\'s meals from `from` to `to`, by date and slot', complexity: rangeComplexity })
  async meals(
    @Root() program: Program,
    @Arg('from', () => GraphQLLocalDate, { nullable: true, description: FROM }) from: string | null,
    @Arg('to', () => GraphQLLocalDate, { nullable: true, description: TO }) to: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<Meal[]> {
    const range = programRange(program, from, to);
    if (!range) return [];
    if (program.snapshot) return program.snapshot.meals.filter((m) => m.date >= range.from && m.date <= range.to).map((m) => toFoldedMeal(m, program.id));
    return programLoaders(context).mealsOfProgram.load({ programId: program.id, ...range });
  }
}

/** The weekly rates a set of targets asks for and gives, derived when read (so every stored program has them). */
@Resolver(() => DailyTargets)
export class DailyTargetsRateResolver {
  @FieldResolver(() => Float, {
    nullable: true,
    description: 'The weekly rate of weight change your goal asks for, % of body weight (negative = loss, 0 = maintain), from the consultation; null where the consultation is not at hand',
  })
  async requestedRatePctPerWeek(@Root() targets: DailyTargets, @Ctx() context: GraphQLContext): Promise<number | null> {
    return (await outlookOf(targets, context))?.requestedRatePctPerWeek ?? null;
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'The weekly rate these targets give, % of body weight (negative = loss): (kcal - tdeeKcal) at 7,700 kcal per kg. Differs from requestedRatePctPerWeek when the calorie floor holds the target up (floorApplied); null where the consultation is not at hand',
  })
  async expectedRatePctPerWeek(@Root() targets: DailyTargets, @Ctx() context: GraphQLContext): Promise<number | null> {
    return (await outlookOf(targets, context))?.expectedRatePctPerWeek ?? null;
  }
}
