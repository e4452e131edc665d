/**
 * The shapes the daily-adjustment slice (issue #8) shares between its parts: daily context,
 * readiness, the adjustment rules, day overrides and the notifications they cause. Plain data,
 * no GraphQL: the resolvers map them to types of their own.
 */

/** 1 = worst, 5 = best for sleepQuality and energy; 1 = least, 5 = most for stress and soreness. */
export type Scale5 = 1 | 2 | 3 | 4 | 5;

/** One day's context as the person logged it (the last amendment wins, field by field as sent). */
export interface DailyContext {
  userId: string;
  /** The person's local date, YYYY-MM-DD. */
  date: string;
  sleepHours: number;
  sleepQuality: number;
  stress: number;
  soreness: number;
  energy: number;
  hrvMs: number | null;
  restingHr: number | null;
  bodyWeightKg: number | null;
  notes: string | null;
}

/** Stream of one user's context for one local day: logged once, then amended. */
export const dailyContextStream = (userId: string, date: string): string => `daily-context-${userId}-${date}`;

export type DailyContextEvent =
  | { type: 'DailyContextLogged'; data: DailyContext & { at: string } }
  | { type: 'DailyContextAmended'; data: DailyContext & { at: string } };

export type ReadinessBand = 'high' | 'normal' | 'low' | 'very_low';

/** One signal's part in a readiness score. */
export interface ReadinessComponent {
  signal: 'sleep_hours' | 'sleep_quality' | 'stress' | 'soreness' | 'energy' | 'hrv' | 'resting_hr';
  value: number;
  /** The person's own baseline, or the population default while fewer than 7 days exist. */
  baseline: number;
  /** Signed so that positive is better than baseline, in baseline standard deviations. */
  z: number;
  weight: number;
}

export interface Readiness {
  /** 0-100, 50 = the person's usual. */
  score: number;
  band: ReadinessBand;
  /** 0-1: lower while the baseline rests on population defaults or few signals. */
  confidence: number;
  /** Days of context the baseline was taken from (0-28). */
  baselineDays: number;
  components: ReadinessComponent[];
}

/** A reason for a proposed change: a stable code and one sentence a person understands. */
export interface AdjustmentReason {
  code: string;
  message: string;
}

export interface TrainingOverrideExercise {
  plannedExerciseId: string;
  exerciseId: string;
  sets: number;
  repsMin: number;
  repsMax: number;
  targetRir: number;
  loadKg: number | null;
}

/** The concrete session that replaces the planned one for the day. */
export interface TrainingOverride {
  /** lighter: fewer sets, higher RIR; recovery: a short easy session; rest: no training; reduced: volume cut for load. */
  kind: 'lighter' | 'recovery' | 'rest' | 'reduced';
  /** The planned session it replaces (null when the day had none). */
  sessionId: string | null;
  exercises: TrainingOverrideExercise[];
  estimatedMinutes: number;
}

/** The day's new energy and macro targets. */
export interface NutritionOverride {
  kcal: number;
  proteinG: number;
  carbsG: number;
  fatG: number;
}

/** What the rules propose for one day; null from the rules means "no change". */
export interface AdjustmentProposal {
  overrideType: 'nutrition' | 'training' | 'both';
  trainingOverride: TrainingOverride | null;
  nutritionOverride: NutritionOverride | null;
  confidence: number;
  reasons: AdjustmentReason[];
  /** The version of the rules that produced it (ADJUSTMENT_RULES_VERSION). */
  rulesVersion: number;
  /** A hash of the inputs the rules read: a rejected proposal is not made again while it holds. */
  inputsHash: string;
}

export type AdjustmentMode = 'AUTO' | 'ASK' | 'OFF';

export interface AdjustmentPolicy {
  mode: AdjustmentMode;
  /** Under AUTO, a proposal at or above this confidence is applied without asking. */
  autoApplyThreshold: number;
}

/** The policy of someone who never set one: ask before changing anything. */
export const DEFAULT_ADJUSTMENT_POLICY: AdjustmentPolicy = { mode: 'ASK', autoApplyThreshold: 0.8 };

export const adjustmentPolicyStream = (userId: string): string => `adjustment-policy-${userId}`;
export type AdjustmentPolicyEvent = { type: 'AdjustmentPolicySet'; data: AdjustmentPolicy & { userId: string; at: string } };

/**
 * 'superseded': a pending proposal that a newer analysis of the same day replaced (a proposal
 * from other inputs, or no change warranted any more); it can no longer be decided.
 */
export type DayOverrideStatus = 'pending' | 'approved' | 'rejected' | 'auto_applied' | 'undone' | 'superseded';

/** Stream of one user's overrides for one local day (a day may see several proposals in turn). */
export const dayOverrideStream = (userId: string, date: string): string => `day-override-${userId}-${date}`;

/** Where a proposal came from. */
export type AnalysisTrigger = 'context' | 'on_demand' | 'sweep';

export interface DayOverrideProposedData extends AdjustmentProposal {
  overrideId: string;
  userId: string;
  programId: string;
  date: string;
  /** 'auto_applied' when the policy applied it at once (AUTO and confidence >= threshold). */
  status: 'pending' | 'auto_applied';
  trigger: AnalysisTrigger;
  at: string;
}

export type DayOverrideEvent =
  | { type: 'DayOverrideProposed'; data: DayOverrideProposedData }
  | { type: 'DayOverrideApproved'; data: { overrideId: string; userId: string; date: string; at: string } }
  | { type: 'DayOverrideRejected'; data: { overrideId: string; userId: string; date: string; reason: string | null; at: string } }
  | { type: 'DayOverrideUndone'; data: { overrideId: string; userId: string; date: string; at: string } }
  /** A pending proposal replaced by a newer one for the same day because its inputs changed. */
  | { type: 'DayOverrideSuperseded'; data: { overrideId: string; userId: string; date: string; by: string; at: string } }
  /** A pending proposal withdrawn because a newer analysis of the day finds no change warranted (or one the person declined). */
  | { type: 'DayOverrideWithdrawn'; data: { overrideId: string; userId: string; date: string; at: string } };

/** Kinds of notification. */
export type NotificationKind = 'program_ready' | 'adjustment_proposed' | 'adjustment_auto_applied' | 'session_missed' | 'reassessment';

export interface NotificationData {
  notificationId: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body: string;
  /** Ids a client follows up with: overrideId, date, sessionIds, programId. */
  data: Record<string, unknown>;
  /** Global position of the event it was made from (what makes it exactly-once). */
  sourcePosition: number;
  createdAt: string;
}

/** Everything the adjustment rules read for one user and local day (loaded by loadDayAnalysisInputs). */
export interface DayAnalysisInputs {
  userId: string;
  date: string;
  /** The program covering the day, or null (no program: nothing to adjust). */
  programId: string | null;
  context: DailyContext | null;
  readiness: Readiness | null;
  plannedSession: {
    id: string;
    name: string;
    focus: string;
    isDeload: boolean;
    estimatedMinutes: number;
    exercises: Array<TrainingOverrideExercise & { position: number; restSeconds: number }>;
  } | null;
  /** The plan's energy and macro targets for the day. */
  dayTargets: NutritionOverride | null;
  /** Estimated maintenance (the program's TDEE); a target below it is a deficit. */
  maintenanceKcal: number | null;
  /** Acute:chronic workload ratio (7 and 28 days) up to the day before, null without enough history. */
  acuteChronicRatio: number | null;
  /** Planned sessions recorded as skipped in the 7 days before the date. */
  skippedSessionsLast7Days: number;
}
