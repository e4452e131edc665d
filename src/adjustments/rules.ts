import type { AdjustmentProposal, DayAnalysisInputs } from './contracts';

/** Bumped whenever a rule or constant changes what is proposed. */
export const ADJUSTMENT_RULES_VERSION = 1;

/** The day's adjustment, or null when no rule fires. Pure. */
export function proposeAdjustment(inputs: DayAnalysisInputs): AdjustmentProposal | null {
  void inputs;
  return null;
}
