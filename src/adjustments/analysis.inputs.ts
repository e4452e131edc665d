import type { SqlExecutor } from '../core/db/sql';
import type { Services } from '../services';
import type { DayAnalysisInputs } from './contracts';

/** Everything the rules read for one user and local day. */
export async function loadDayAnalysisInputs(services: Services, userId: string, date: string, tx?: SqlExecutor): Promise<DayAnalysisInputs> {
  void services;
  void tx;
  return { userId, date, programId: null, context: null, readiness: null, plannedSession: null, dayTargets: null, maintenanceKcal: null, acuteChronicRatio: null, skippedSessionsLast7Days: 0 };
}
