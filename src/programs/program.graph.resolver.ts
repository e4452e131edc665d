import { scopedPrisma } from '../core/db/scopedPrisma';
import DataLoader from 'dataloader';
import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
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
import { Meal, Program, Session } from './program.types';

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
    const loaders = programLoaders(context);
    const key = { programId: program.id, ...range };
    const [sessions, meals] = await Promise.all([loaders.sessionsOfProgram.load(key), loaders.mealsOfProgram.load(key)]);
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
    return range ? programLoaders(context).sessionsOfProgram.load({ programId: program.id, ...range }) : [];
  }

  @FieldResolver(() => [Meal], { description: 'The program\'s meals from `from` to `to`, by date and slot', complexity: rangeComplexity })
  async meals(
    @Root() program: Program,
    @Arg('from', () => GraphQLLocalDate, { nullable: true, description: FROM }) from: string | null,
    @Arg('to', () => GraphQLLocalDate, { nullable: true, description: TO }) to: string | null,
    @Ctx() context: GraphQLContext,
  ): Promise<Meal[]> {
    const range = programRange(program, from, to);
    return range ? programLoaders(context).mealsOfProgram.load({ programId: program.id, ...range }) : [];
  }
}
