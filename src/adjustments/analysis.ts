import { handle } from '../core/commandHandler';
import type { Services } from '../services';
import { loadDayAnalysisInputs } from './analysis.inputs';
import { adjustmentSettings, localToday } from './adjustments.queries';
import { AdjustmentPolicy, AdjustmentProposal, AnalysisTrigger, DayAnalysisInputs, dayOverrideStream } from './contracts';
import { DayOverrideState, isApplied } from './dayOverride';
import { dayOverrideDecider } from './dayOverride.decide';
import { proposeAdjustment } from './rules';

export interface AnalysisOutcome {
  /** What the rules proposed (null: no change warranted). */
  proposal: AdjustmentProposal | null;
  /**
   * The override that answers the analysis: the one it proposed, or the current one when the
   * analysis agrees with it or an applied one stands; null when no change is proposed (no change
   * warranted, policy OFF, or the person already declined this proposal for the day).
   */
  overrideId: string | null;
  /** Events the command appended (0 when the analysis changed nothing). */
  appended: number;
}

export interface ProposeOptions {
  policy: AdjustmentPolicy;
  /** The person's local date now. */
  today: string;
  trigger: AnalysisTrigger;
  actor?: string;
}

/** Runs the Propose command for an analysis whose inputs and proposal are known (the sweep batches the reads). */
export async function recordAnalysis(
  services: Services, userId: string, date: string, inputs: DayAnalysisInputs, proposal: AdjustmentProposal | null, options: ProposeOptions,
): Promise<AnalysisOutcome> {
  const result = await handle(services.store, dayOverrideStream(userId, date), dayOverrideDecider, {
    type: 'ProposeDayOverride', overrideId: services.newId(), date, programId: inputs.programId, proposal,
    policy: options.policy, trigger: options.trigger,
  }, {
    userId,
    now: services.clock.now().toISOString(),
    lookups: { today: options.today },
    programId: inputs.programId,
    metadata: { actor: options.actor ?? userId },
  });
  return { proposal, overrideId: answeringOverride(result.state, proposal, options.policy), appended: result.events.length };
}

function answeringOverride(state: DayOverrideState, proposal: AdjustmentProposal | null, policy: AdjustmentPolicy): string | null {
  const current = state.currentId ? state.overrides[state.currentId] : null;
  if (!proposal || policy.mode === 'OFF' || !current) return null;
  return isApplied(current.status) || current.status === 'pending' ? current.overrideId : null;
}

/**
 * The day's analysis: its inputs, the rules, then the Propose command with the person's policy.
 * Run by analyzeDay, after a daily context is logged, and by the nightly sweep. A day that is
 * over answers CONFLICT (the decider's rule).
 */
export async function analyzeDay(services: Services, userId: string, date: string, trigger: AnalysisTrigger): Promise<AnalysisOutcome> {
  const settings = await adjustmentSettings(services.db.sql.asUser(userId), userId);
  const inputs = await loadDayAnalysisInputs(services, userId, date);
  const proposal = inputs.programId ? proposeAdjustment(inputs) : null;
  return recordAnalysis(services, userId, date, inputs, proposal, {
    policy: settings.policy, today: localToday(services.clock.now(), settings.timeZone), trigger,
  });
}
