/**
 * The nutrition controller of the bi-weekly reassessment: pure (no clock, no I/O).
 *
 * Units: the rate of weight change is in % of body weight per week (the unit of the goal's
 * target rate; negative = loss), the error is target rate - observed rate, and its energy
 * equivalent in kcal/day is error% / 100 x trend weight x 7,700 / 7.
 *
 * The new daily target = the target in force + a feedforward (the expenditure estimate plus the
 * goal's daily delta, minus the mean logged intake) + KP x (error - last error) + KI x error
 * (a PI core in velocity form, all in kcal/day), then:
 * - deadband: |error| <= 0.1 %/week changes nothing (the integral holds);
 * - clamp: the change is at most min(10 % of the current target, 250 kcal);
 * - floor: never below max(BMR, 1,200 kcal women / 1,500 men) (floorApplied);
 * - anti-windup: the integral term is bounded, and it does not integrate while the output is
 *   clamped or floored in the error's direction (conditional integration);
 * - no catch-up: a late reassessment integrates its one window's error, once;
 * - thin data: fewer than MIN_INTAKE_DAYS logged days, or too few weigh-ins: no estimate, no change.
 * - out of reach: when the goal's rate needs a target below the floor, the controller aims at the
 *   attainable rate (the one the floor gives at the expenditure estimate, what the program
 *   promises) and treats any rate between it and the goal's as on target: it never cuts below the
 *   floor for an unreachable rate, nor slows someone who gets closer to what they asked for.
 * The state (integral term, last error, expenditure estimate and its evidence days) goes in the
 * event; the next reassessment folds it.
 */
import { energyFloorKcal, Sex } from '../programs/nutrition/targets';
import type { IntakeEvidence, WeightEvidence } from './evidence';
import {
  EXPENDITURE_MAX_EVIDENCE_DAYS, EXPENDITURE_PRIOR_DAYS, INTEGRAL_LIMIT_KCAL, KCAL_PER_KG_TREND_CHANGE, KI, KP,
  MAX_CHANGE_FRACTION, MAX_CHANGE_KCAL, MIN_INTAKE_DAYS, RATE_DEADBAND_PCT_PER_WEEK,
} from './reassessment.constants';

export interface NutritionControllerState {
  /** The accumulated integral action, kcal/day (sum of KI x error, bounded by INTEGRAL_LIMIT_KCAL). */
  integralKcal: number;
  /** The last error, % body weight/week (null when the last reassessment estimated nothing). */
  lastErrorPctPerWeek: number | null;
  /** Expenditure estimate, kcal/day, and the days of evidence it stands on (the prior counts EXPENDITURE_PRIOR_DAYS). */
  tdeeEstimateKcal: number;
  evidenceDays: number;
}

export interface NutritionControllerInput {
  sex: Sex;
  bmrKcal: number;
  /** The program's TDEE: the expenditure prior. */
  priorTdeeKcal: number;
  /** The daily target in force now. */
  currentTargetKcal: number;
  /** The goal's weekly rate, % body weight (negative = loss, 0 = maintain). */
  targetRatePctPerWeek: number;
  weight: WeightEvidence;
  intake: IntakeEvidence;
  /** The previous reassessment's state (null at the first). */
  previous: NutritionControllerState | null;
}

export type NutritionDecision = 'adjusted' | 'held_in_deadband' | 'no_estimate';

export interface NutritionControllerOutput {
  decision: NutritionDecision;
  previousTargetKcal: number;
  targetKcal: number;
  changeKcal: number;
  /** The target before the clamp and the floor. */
  unclampedKcal: number | null;
  clamped: boolean;
  floorApplied: boolean;
  floorKcal: number;
  errorPctPerWeek: number | null;
  /**
   * The rate the floor allows at the expenditure estimate when the goal's rate is out of reach, else
   * the goal's rate (null on thin data): the controller aims at it.
   */
  attainableRatePctPerWeek: number | null;
  errorKcal: number | null;
  feedforwardKcal: number | null;
  proportionalKcal: number | null;
  /** Expenditure observed in the window: mean intake - trend change energy (null on thin data). */
  observedTdeeKcal: number | null;
  state: NutritionControllerState;
  reasons: Array<{ code: string; message: string }>;
}

const r0 = (x: number) => Math.round(x);
const r1 = (x: number) => Math.round(x * 10) / 10;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

/** kcal/day equivalent of a rate in % body weight per week. */
export function kcalPerDayForRate(ratePctPerWeek: number, weightKg: number): number {
  return ((ratePctPerWeek / 100) * weightKg * KCAL_PER_KG_TREND_CHANGE) / 7;
}

/** The largest change one reassessment may make to a target (the smaller of the two bounds). */
export function maxChangeKcal(currentTargetKcal: number): number {
  return Math.min(MAX_CHANGE_FRACTION * currentTargetKcal, MAX_CHANGE_KCAL);
}

export function runNutritionController(input: NutritionControllerInput): NutritionControllerOutput {
  const current = input.currentTargetKcal;
  const floorKcal = Math.ceil(energyFloorKcal(input.sex, input.bmrKcal));
  const previous: NutritionControllerState = input.previous ?? {
    integralKcal: 0, lastErrorPctPerWeek: null, tdeeEstimateKcal: input.priorTdeeKcal, evidenceDays: EXPENDITURE_PRIOR_DAYS,
  };
  const base = {
    previousTargetKcal: current, floorKcal, unclampedKcal: null, clamped: false, errorKcal: null, feedforwardKcal: null,
    proportionalKcal: null,
  };

  const { weight, intake } = input;
  const thinIntake = intake.daysLogged < MIN_INTAKE_DAYS || intake.meanKcal === null;
  const thinWeight = weight.rateKgPerWeek === null || weight.ratePctPerWeek === null || weight.trendEndKg === null;
  if (thinIntake || thinWeight) {
    const reasons = [];
    if (thinIntake) {
      reasons.push({ code: 'thin_intake_logs', message: `Intake was logged on ${intake.daysLogged} of 14 days (at least ${MIN_INTAKE_DAYS} are needed): your calorie target stays at ${current} kcal rather than guess.` });
    }
    if (thinWeight) {
      reasons.push({ code: 'thin_weigh_ins', message: `Too few weigh-ins (${weight.weighIns}) to see a trend: your calorie target stays at ${current} kcal. Weigh in most mornings.` });
    }
    return {
      ...base, decision: 'no_estimate', targetKcal: current, changeKcal: 0, floorApplied: current <= floorKcal,
      errorPctPerWeek: null, attainableRatePctPerWeek: null, observedTdeeKcal: null, state: { ...previous, lastErrorPctPerWeek: null }, reasons,
    };
  }

  const W = weight.trendEndKg as number;
  const ratePct = weight.ratePctPerWeek as number;
  // Energy balance: what was eaten minus what the trend change stored (7,700 kcal per kg).
  const observedTdee = (intake.meanKcal as number) - ((weight.rateKgPerWeek as number) / 7) * KCAL_PER_KG_TREND_CHANGE;
  const days = intake.daysLogged;
  const tdeeEstimate = (previous.tdeeEstimateKcal * previous.evidenceDays + observedTdee * days) / (previous.evidenceDays + days);
  const evidenceDays = Math.min(previous.evidenceDays + days, EXPENDITURE_MAX_EVIDENCE_DAYS);
  const requested = input.targetRatePctPerWeek;
  const attainable = attainableRatePctPerWeek(requested, floorKcal, tdeeEstimate, W);
  // The error is the distance to the band between the goal's rate and the attainable one (one
  // point when the goal is within reach); `aim` is the band's end nearest the observed rate.
  const aim = clamp(ratePct, Math.min(requested, attainable), Math.max(requested, attainable));
  const error = aim - ratePct;
  const errorKcal = kcalPerDayForRate(error, W);
  const outOfReach = attainable !== requested
    ? [{ code: 'rate_out_of_reach', message: `The rate you asked for (${fmtRate(requested)} a week) needs a calorie target below the safe minimum of ${floorKcal} kcal; at that minimum expect about ${fmtRate(attainable)} a week, and that is what your plan aims at.` }]
    : [];

  if (Math.abs(error) <= RATE_DEADBAND_PCT_PER_WEEK) {
    return {
      ...base, decision: 'held_in_deadband', targetKcal: current, changeKcal: 0, floorApplied: current <= floorKcal,
      errorPctPerWeek: r3(error), attainableRatePctPerWeek: r3(attainable), errorKcal: r0(errorKcal), observedTdeeKcal: r0(observedTdee),
      state: { integralKcal: previous.integralKcal, lastErrorPctPerWeek: r3(error), tdeeEstimateKcal: r0(tdeeEstimate), evidenceDays },
      reasons: [{ code: 'on_target', message: `You changed ${fmtRate(ratePct)} a week against a target of ${fmtRate(aim)}: on track, your calorie target stays at ${current} kcal.` }, ...outOfReach],
    };
  }

  // Velocity (incremental) form, so the target in force carries every earlier correction:
  // change = feedforward + KP x (error - last error) + KI x error, where the feedforward is the gap
  // between what the expenditure estimate says to eat for the goal and what was eaten (a person
  // who eats less than the plan says is not simply told the same again).
  const feedforward = tdeeEstimate + kcalPerDayForRate(aim, W) - (intake.meanKcal as number);
  const lastErrorKcal = previous.lastErrorPctPerWeek === null ? 0 : kcalPerDayForRate(previous.lastErrorPctPerWeek, W);
  const proportional = KP * (errorKcal - lastErrorKcal);
  // Anti-windup: the accumulated integral action is bounded; at the bound it adds nothing more.
  const integralStep = clamp(previous.integralKcal + KI * errorKcal, -INTEGRAL_LIMIT_KCAL, INTEGRAL_LIMIT_KCAL) - previous.integralKcal;
  const raw = current + feedforward + proportional + integralStep;
  const step = maxChangeKcal(current);
  const lower = Math.max(current - step, floorKcal);
  const upper = Math.max(current + step, floorKcal);
  const limited = clamp(raw, lower, upper);
  const clamped = raw > upper || (raw < lower && lower > floorKcal);
  const floorApplied = raw < lower && lower === floorKcal;
  // Conditional integration: while the output is held at a bound in the direction the error
  // pushes, the integral keeps its value (it would otherwise wind up).
  const saturatedSameWay = (raw > upper && errorKcal > 0) || (raw < lower && errorKcal < 0);
  const integralKcal = saturatedSameWay ? previous.integralKcal : previous.integralKcal + integralStep;
  // Whole kcal, rounded toward the target in force so the rounding never breaks the clamp.
  const target = Math.max(floorKcal, current + Math.trunc(limited - current));

  const reasons = [{
    code: error > 0 ? 'rate_below_target' : 'rate_above_target',
    message: rateMessage(ratePct, aim, current, target),
  }, ...outOfReach];
  if (clamped) reasons.push({ code: 'change_clamped', message: `The change is limited to ${r0(step)} kcal per reassessment, so it is made gradually.` });
  if (floorApplied) reasons.push({ code: 'calorie_floor', message: `Your target stays at or above the safe minimum of ${floorKcal} kcal a day.` });
  return {
    ...base,
    decision: 'adjusted',
    targetKcal: target,
    changeKcal: target - current,
    unclampedKcal: r0(raw),
    clamped,
    floorApplied,
    errorPctPerWeek: r3(error),
    attainableRatePctPerWeek: r3(attainable),
    errorKcal: r0(errorKcal),
    feedforwardKcal: r0(feedforward),
    proportionalKcal: r0(proportional),
    observedTdeeKcal: r0(observedTdee),
    state: { integralKcal: r1(integralKcal), lastErrorPctPerWeek: r3(error), tdeeEstimateKcal: r0(tdeeEstimate), evidenceDays },
    reasons,
  };
}

/**
 * The goal's rate when the floor allows it, else the rate eating at the floor gives at the
 * expenditure estimate (7,700 kcal per kg): only ever nearer zero or above the goal's, never a
 * faster loss than asked for.
 */
export function attainableRatePctPerWeek(requestedPct: number, floorKcal: number, tdeeEstimateKcal: number, weightKg: number): number {
  const atFloor = (floorKcal - tdeeEstimateKcal) / kcalPerDayForRate(1, weightKg);
  return requestedPct < atFloor ? atFloor : requestedPct;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function fmtRate(pct: number): string {
  const sign = pct > 0 ? '+' : pct < 0 ? '-' : '';
  return `${sign}${Math.abs(Math.round(pct * 100) / 100)} % of body weight`;
}

function rateMessage(observed: number, target: number, from: number, to: number): string {
  const change = to === from ? `stays at ${from} kcal` : `goes from ${from} to ${to} kcal`;
  return `You changed ${fmtRate(observed)} a week against a target of ${fmtRate(target)}, so your daily calorie target ${change}.`;
}
