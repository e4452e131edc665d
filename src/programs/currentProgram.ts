import { GraphQLContext, requireUser } from '../server/context';
import { PROGRAM_COLUMNS, ProgramRow, toProgram } from './program.loaders';
import { Program } from './program.types';

/** What both `currentProgram` fields say they return. */
export const CURRENT_PROGRAM_DESCRIPTION =
  'The program that covers today (your local day, in your consultation\'s time zone); only when none does, the next one to start; null when neither exists';

/**
 * The program covering the caller's today, else the next to start. A superseded program still
 * covers the days before its supersededFrom (they keep it), and one superseded from its first day
 * covers nothing. Today is the user's local date, from the program's consultation time zone.
 */
export async function currentProgramOf(context: GraphQLContext): Promise<Program | null> {
  const userId = requireUser(context).id;
  const { rows } = await context.services.db.sql.asUser(userId).query<ProgramRow>(
    `WITH mine AS (
       SELECT p.*, (($2::timestamptz) AT TIME ZONE coalesce(c.time_zone, 'UTC'))::date AS today
       FROM programs p LEFT JOIN consultation_sessions c ON c.id = p.consultation_id
       WHERE p.user_id = $1
     )
     SELECT ${PROGRAM_COLUMNS} FROM mine
     WHERE end_date >= today AND (superseded_from IS NULL OR superseded_from > greatest(today, start_date))
     ORDER BY (start_date <= today) DESC, start_date, created_at DESC
     LIMIT 1`,
    [userId, context.services.clock.now().toISOString()],
  );
  return rows[0] ? toProgram(rows[0]) : null;
}
