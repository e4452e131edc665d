import { scopedPrisma } from '../core/db/scopedPrisma';
import { Arg, Ctx, FieldResolver, Int, Resolver } from 'type-graphql';
import { badInput } from '../core/errors';
import { toConsultation } from '../consultations/consultation.resolver';
import { Consultation, ConsultationStatusEnum } from '../consultations/consultation.types';
import { CURRENT_PROGRAM_DESCRIPTION, currentProgramOf } from '../programs/currentProgram';
import { PROGRAM_COLUMNS, ProgramRow, toProgram } from '../programs/program.loaders';
import { Program, ProgramStatusEnum } from '../programs/program.types';
import { GraphQLContext, requireUser } from '../server/context';
import { Me } from '../server/system.resolver';

/** The longest list Me's lists return at once; the default page. */
export const ME_LIST_MAX = 100;
export const ME_LIST_DEFAULT = 20;

const checkFirst = (first: number): void => {
  if (!Number.isInteger(first) || first < 1 || first > ME_LIST_MAX) throw badInput('first', `first must be between 1 and ${ME_LIST_MAX}`);
};
const listComplexity = ({ args, childComplexity }: { args: Record<string, unknown>; childComplexity: number }): number =>
  1 + Math.min(ME_LIST_MAX, Math.max(1, Number(args.first ?? ME_LIST_DEFAULT) || ME_LIST_DEFAULT)) * childComplexity;

/** What belongs to the signed-in user, reachable from `me`. */
@Resolver(() => Me)
export class MeResolver {
  @FieldResolver(() => Program, { nullable: true, description: CURRENT_PROGRAM_DESCRIPTION })
  currentProgram(@Ctx() context: GraphQLContext): Promise<Program | null> {
    return currentProgramOf(context);
  }

  @FieldResolver(() => [Program], { description: 'Your programs, newest start date first', complexity: listComplexity })
  async programs(
    @Arg('status', () => ProgramStatusEnum, { nullable: true, description: 'Only programs in this status' }) status: ProgramStatusEnum | null,
    @Arg('first', () => Int, { defaultValue: ME_LIST_DEFAULT, description: `How many, 1-${ME_LIST_MAX}` }) first: number,
    @Ctx() context: GraphQLContext,
  ): Promise<Program[]> {
    checkFirst(first);
    const userId = requireUser(context).id;
    const { rows } = await context.services.db.sql.asUser(userId).query<ProgramRow>(
      `SELECT ${PROGRAM_COLUMNS} FROM programs WHERE user_id = $1 AND ($2::text IS NULL OR status = $2)
       ORDER BY start_date DESC, created_at DESC, id LIMIT $3`,
      [userId, status, first],
    );
    return rows.map(toProgram);
  }

  @FieldResolver(() => [Consultation], { description: 'Your consultations, newest first', complexity: listComplexity })
  async consultations(
    @Arg('status', () => ConsultationStatusEnum, { nullable: true, description: 'Only consultations in this status' })
    status: ConsultationStatusEnum | null,
    @Arg('first', () => Int, { defaultValue: ME_LIST_DEFAULT, description: `How many, 1-${ME_LIST_MAX}` }) first: number,
    @Ctx() context: GraphQLContext,
  ): Promise<Consultation[]> {
    checkFirst(first);
    const userId = requireUser(context).id;
    const rows = await scopedPrisma(context.services.db.prisma, userId, (prisma) => prisma.consultationSession.findMany({
      where: { userId, ...(status ? { status } : {}) },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      take: first,
    }));
    return rows.map(toConsultation);
  }
}
