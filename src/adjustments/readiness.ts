import type { DailyContext, Readiness } from './contracts';

/** Readiness: how ready the person is to train today, against their own recent baseline. */
export function computeReadiness(today: DailyContext, history: DailyContext[]): Readiness {
  void history;
  void today;
  return { score: 50, band: 'normal', confidence: 0.3, baselineDays: 0, components: [] };
}
