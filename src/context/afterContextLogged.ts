import { AppError } from '../core/errors';
import type { Services } from '../services';
import { analyzeDay } from '../adjustments/analysis';

/**
 * The hook run after a daily context commits (outside its transaction): the day's analysis
 * (issue #8 item 3) with trigger 'context'. The context is already saved, so a failed analysis
 * must not fail the mutation: a day that is over (context logged late) is simply not analyzed,
 * anything else is logged and left to the nightly sweep or analyzeDay.
 */
export async function afterContextLogged(services: Services, userId: string, date: string): Promise<void> {
  try {
    await analyzeDay(services, userId, date, 'context');
  } catch (error) {
    if (error instanceof AppError && error.code === 'CONFLICT') return;
    services.logger.warn({ err: error, userId, date }, 'analysis after a daily context failed; the sweep or analyzeDay retries it');
  }
}
