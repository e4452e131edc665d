/**
 * The figures a run prints: convergence at weeks 8 and 16, the invariants, and a noise ceiling
 * (what an oracle that always eats exactly what the target rate needs would score under the same
 * scale noise and logging gaps, so a miss can be told apart from the limits of the measurement).
 */
import { energyFloorKcal, rateOutlook } from '../programs/nutrition/targets';
import { PERSON_MODEL, PersonModel, SyntheticPerson, initialBodyState, simulateDay, trueExpenditureKcal } from './person';
import { Rng, mixSeed } from './random';
import { InvariantBreach, ROUNDING_SLACK_KCAL, breachesOf } from './invariants';
import { PersonResult } from './runner';
import { CONVERGENCE_BAND_PCT_PER_WEEK, RATE_MEASURES, trendSeries, weeklyRatePct, withinBand } from './trend';

export interface GoalFigure {
  people: number;
  within: number;
  /** Mean of (observed rate - target rate), % body weight per week: the sign says too slow or too fast. */
  meanErrorPct: number;
}

/** One measure of the observed rate judged against one target. */
export interface JudgedFigure {
  /** People the measure gave a rate for. */
  assessed: number;
  within: number;
  /** within / every person assessed at the week (a missing rate counts as a miss). */
  share: number;
  /** The same measure on an oracle eating exactly to that target under the same noise and gaps. */
  ceiling: number;
}

/** One way of observing the rate (RATE_MEASURES), against the requested and the attainable target. */
export interface MeasureFigure {
  key: string;
  label: string;
  requested: JudgedFigure;
  attainable: JudgedFigure;
}

export interface ConvergenceFigure {
  week: number;
  /** People with a rate at both ends of the window. */
  assessed: number;
  /** Observed: trend of the logged weigh-ins over the last 14 days (the figure the issue targets). */
  withinObserved: number;
  shareObserved: number;
  /** True: the tissue mass without scale noise or water, over the same days (the controller alone). */
  withinTrue: number;
  shareTrue: number;
  /** The oracle's observed share (see the module comment). */
  noiseCeiling: number;
  /**
   * People whose target sat at the calorie floor at some point (from the program on): the floor
   * forbids the deficit their rate needs, so the rate is out of reach for any controller.
   */
  floorBound: number;
  /** The observed share among the others. */
  shareNotFloorBound: number;
  byGoal: Record<string, GoalFigure>;
  /**
   * Every measure against (a) the requested rate and (b) the attainable one: the rate the generated
   * program says the person will get (its floor-bound targets at its TDEE, 7,700 kcal/kg), which
   * is the requested rate unless the floor limited it.
   */
  measures: MeasureFigure[];
  /** People whose attainable rate differs from the requested one (the floor limited the program). */
  floorLimited: number;
}

export interface SimulationSummary {
  people: number;
  weeks: number;
  personDays: number;
  weighIns: number;
  mealLogs: number;
  failedPeople: number;
  errors: string[];
  convergence: ConvergenceFigure[];
  reassessments: {
    total: number;
    applied: number;
    changed: number;
    largestChangeKcal: number;
    largestChangeLimitKcal: number;
    /** The largest |change| / its limit (1 = at the clamp). */
    largestShareOfLimit: number;
    lowestTargetAboveFloorKcal: number | null;
    breaches: InvariantBreach[];
    /** How often each reason code was given (nutrition and training), most frequent first. */
    reasonCodes: Array<[string, number]>;
    /** Reassessments whose new target the calendar's planned meals did not follow (more than 10 % apart). */
    planNotRescaled: number;
  };
}

/** The oracle's draws come from a stream of their own, apart from the person's. */
const ORACLE_STREAM = 0x0a11ce;

const goalOf = (p: SyntheticPerson) => p.answers.goal;

/**
 * The oracle's logged weigh-ins up to a week for one person (pure, no database): it eats every
 * day exactly what its true expenditure and `ratePct` need (the floor ignored: it measures the
 * noise, not the plan).
 */
function oracleWeighIns(person: SyntheticPerson, seed: number, week: number, model: PersonModel, ratePct: number): Array<number | null> {
  const rng = new Rng(mixSeed(seed, person.index, ORACLE_STREAM));
  let body = initialBodyState(person, rng, model);
  const weighIns: Array<number | null> = [];
  for (let day = 0; day < week * 7; day++) {
    const need = trueExpenditureKcal(person, body) + ((ratePct / 100) * body.massKg * model.kcalPerKg) / 7;
    const plan = { kcal: need, proteinG: (0.3 * need) / 4, carbsG: (0.45 * need) / 4, fatG: (0.25 * need) / 9 };
    const { outcome, next } = simulateDay(person, body, plan, rng, { ...model, intake: 'fraction' });
    weighIns.push(outcome.weighInKg);
    body = next;
  }
  return weighIns;
}

/**
 * The rate the generated program promised (its expected rate when the floor limited it, else
 * the requested rate), signed like SyntheticPerson.targetRatePctPerWeek.
 */
export function attainableRatePct(r: PersonResult): number {
  const t = r.initialTargets;
  const outlook = t ? rateOutlook(t, r.person.answers) : null;
  return outlook?.floorLimited ? outlook.expectedRatePctPerWeek : r.person.targetRatePctPerWeek;
}

/** True when a target the person had (generated or reassessed) was at the calorie floor. */
export function atFloor(r: PersonResult): boolean {
  const t = r.initialTargets;
  if (t && (t.floorApplied || t.targetKcal <= energyFloorKcal(r.person.answers.sex, t.bmrKcal) + ROUNDING_SLACK_KCAL)) return true;
  return r.reassessments.some((x) => x.newKcal <= x.floorKcal + ROUNDING_SLACK_KCAL);
}

export function convergenceAt(results: readonly PersonResult[], week: number, seed: number, model: PersonModel = PERSON_MODEL): ConvergenceFigure {
  const end = week * 7 - 1;
  let assessed = 0;
  let withinObserved = 0;
  let withinTrue = 0;
  let ceiling = 0;
  let floorBound = 0;
  let withinNotFloorBound = 0;
  const byGoal: Record<string, { people: number; within: number; errorSum: number }> = {};
  const judged = RATE_MEASURES.map(() => ({ requested: { assessed: 0, within: 0, ceiling: 0 }, attainable: { assessed: 0, within: 0, ceiling: 0 } }));
  let floorLimited = 0;
  for (const r of results) {
    if (r.error || r.days.length <= end) continue;
    const observed = weeklyRatePct(trendSeries(r.days.map((d) => d.weighInKg)), end);
    const truth = weeklyRatePct(r.days.map((d) => d.massKg), end);
    if (observed === null) continue;
    assessed++;
    const target = r.person.targetRatePctPerWeek;
    const hit = withinBand(observed, target);
    if (hit) withinObserved++;
    if (withinBand(truth, target)) withinTrue++;
    const oracle = { ...r.person, adherence: 1 };
    const oracleRequested = oracleWeighIns(oracle, seed, week, model, target);
    if (withinBand(weeklyRatePct(trendSeries(oracleRequested), end), target)) ceiling++;
    const attainable = attainableRatePct(r);
    if (attainable !== target) floorLimited++;
    const oracleAttainable = attainable === target ? oracleRequested : oracleWeighIns(oracle, seed, week, model, attainable);
    const logged = r.days.map((d) => d.weighInKg);
    RATE_MEASURES.forEach((measure, i) => {
      const rate = measure.rate(logged, end);
      for (const [figure, aim, oracleLog] of [[judged[i].requested, target, oracleRequested], [judged[i].attainable, attainable, oracleAttainable]] as const) {
        if (rate !== null) figure.assessed++;
        if (withinBand(rate, aim)) figure.within++;
        if (withinBand(measure.rate(oracleLog, end), aim)) figure.ceiling++;
      }
    });
    if (atFloor(r)) floorBound++;
    else if (hit) withinNotFloorBound++;
    const g = (byGoal[goalOf(r.person)] ??= { people: 0, within: 0, errorSum: 0 });
    g.people++;
    if (hit) g.within++;
    g.errorSum += observed - target;
  }
  const share = (n: number) => (assessed ? n / assessed : 0);
  return {
    week, assessed, withinObserved, shareObserved: share(withinObserved), withinTrue, shareTrue: share(withinTrue), noiseCeiling: share(ceiling),
    floorBound, shareNotFloorBound: assessed > floorBound ? withinNotFloorBound / (assessed - floorBound) : 0,
    byGoal: Object.fromEntries(Object.entries(byGoal).map(([goal, g]) => [goal, { people: g.people, within: g.within, meanErrorPct: g.errorSum / g.people }])),
    measures: RATE_MEASURES.map((m, i) => {
      const judge = (f: { assessed: number; within: number; ceiling: number }): JudgedFigure => ({ ...f, share: share(f.within), ceiling: share(f.ceiling) });
      return { key: m.key, label: m.label, requested: judge(judged[i].requested), attainable: judge(judged[i].attainable) };
    }),
    floorLimited,
  };
}

export function summarize(results: readonly PersonResult[], options: { weeks: number; seed: number; model?: PersonModel }): SimulationSummary {
  const model = options.model ?? PERSON_MODEL;
  const reassessments = results.flatMap((r) => r.reassessments.map((record) => ({ index: r.person.index, record })));
  const breaches = [
    // The generated program's own target is held to the floor too.
    ...results.filter((r) => r.initialTargets).flatMap((r) => breachesOf(r.person.index, {
      day: 0, date: r.person.answers.startDate, applied: false, previousKcal: r.initialTargets!.targetKcal, newKcal: r.initialTargets!.targetKcal,
      floorKcal: energyFloorKcal(r.person.answers.sex, r.initialTargets!.bmrKcal), changeKcal: 0, limitKcal: 0, summary: null, reasonCodes: [], plannedKcalAfter: null,
    })),
    ...reassessments.flatMap(({ index, record }) => breachesOf(index, record)),
  ];
  let largest = { change: 0, limit: 0, share: 0 };
  let lowestAboveFloor: number | null = null;
  for (const { record } of reassessments) {
    const share = record.limitKcal > 0 ? Math.abs(record.changeKcal) / record.limitKcal : 0;
    if (Math.abs(record.changeKcal) > Math.abs(largest.change)) largest = { change: record.changeKcal, limit: record.limitKcal, share: largest.share };
    largest.share = Math.max(largest.share, share);
    const margin = record.newKcal - record.floorKcal;
    lowestAboveFloor = lowestAboveFloor === null ? margin : Math.min(lowestAboveFloor, margin);
  }
  const weeks = [8, 16].filter((w) => w <= options.weeks);
  return {
    people: results.length,
    weeks: options.weeks,
    personDays: results.reduce((n, r) => n + r.days.length, 0),
    weighIns: results.reduce((n, r) => n + r.days.filter((d) => d.weighInKg !== null).length, 0),
    mealLogs: results.reduce((n, r) => n + r.days.filter((d) => d.mealLogged).length, 0),
    failedPeople: results.filter((r) => r.error).length,
    errors: results.filter((r) => r.error).slice(0, 5).map((r) => `person ${r.person.index}: ${r.error}`),
    convergence: weeks.map((week) => convergenceAt(results, week, options.seed, model)),
    reassessments: {
      total: reassessments.length,
      applied: reassessments.filter(({ record }) => record.applied).length,
      changed: reassessments.filter(({ record }) => record.changeKcal !== 0).length,
      largestChangeKcal: largest.change,
      largestChangeLimitKcal: largest.limit,
      largestShareOfLimit: largest.share,
      lowestTargetAboveFloorKcal: lowestAboveFloor,
      breaches,
      reasonCodes: countCodes(reassessments.flatMap(({ record }) => record.reasonCodes)),
      planNotRescaled: reassessments.filter(({ record }) =>
        record.plannedKcalAfter !== null && record.changeKcal !== 0 && Math.abs(record.plannedKcalAfter - record.newKcal) > 0.1 * record.newKcal).length,
    },
  };
}

function countCodes(codes: string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** The summary as the lines `npm run simulate` prints. */
export function formatSummary(summary: SimulationSummary, seconds: number): string {
  const lines = [
    `${summary.people} people, ${summary.weeks} weeks: ${summary.personDays} person-days, ${summary.weighIns} weigh-ins, ${summary.mealLogs} meal logs, ` +
      `${summary.reassessments.total} reassessments (${summary.reassessments.applied} applied, ${summary.reassessments.changed} changed the target)`,
  ];
  for (const c of summary.convergence) {
    lines.push(
      `week ${c.week}: ${pct(c.shareObserved)} within +-${CONVERGENCE_BAND_PCT_PER_WEEK} % BW/week of their target (${c.withinObserved}/${c.assessed}, observed trend weight over the last 14 days)`,
      `         ${pct(c.shareTrue)} on the true tissue mass (no scale noise); noise ceiling (an oracle eating exactly to target): ${pct(c.noiseCeiling)}`,
      `         ${c.floorBound} people had a target at the calorie floor (their rate is out of reach); ${pct(c.shareNotFloorBound)} within among the other ${c.assessed - c.floorBound}`,
      `         by goal: ${Object.entries(c.byGoal).map(([goal, g]) => `${goal} ${g.within}/${g.people} (mean error ${g.meanErrorPct >= 0 ? '+' : ''}${g.meanErrorPct.toFixed(3)} %/week)`).join(', ')}`,
      `         every measure, within +-${CONVERGENCE_BAND_PCT_PER_WEEK} % of (a) the requested rate / (b) the attainable rate (the program's floor-bound rate; differs for ${c.floorLimited} people), oracle ceiling in brackets:`,
      ...c.measures.map((m) => `           ${m.label.padEnd(50)} (a) ${pct(m.requested.share).padStart(7)} [${pct(m.requested.ceiling)}]   (b) ${pct(m.attainable.share).padStart(7)} [${pct(m.attainable.ceiling)}]   (rate for ${m.requested.assessed}/${c.assessed})`),
    );
  }
  const r = summary.reassessments;
  lines.push(
    `largest single change: ${r.largestChangeKcal >= 0 ? '+' : ''}${r.largestChangeKcal} kcal (limit there ${Math.round(r.largestChangeLimitKcal)} kcal); largest change / clamp: ${r.largestShareOfLimit.toFixed(2)}`,
    `floor: ${r.breaches.filter((b) => b.kind === 'floor').length} targets below it; lowest target above its floor by ${r.lowestTargetAboveFloorKcal === null ? '-' : `${Math.round(r.lowestTargetAboveFloorKcal)} kcal`}`,
    `clamp: ${r.breaches.filter((b) => b.kind === 'clamp').length} changes beyond it`,
    `reasons given: ${r.reasonCodes.map(([code, n]) => `${code} ${n}`).join(', ') || '-'}`,
  );
  if (r.planNotRescaled) lines.push(`plan: ${r.planNotRescaled} reassessments whose new target the planned meals did not follow (more than 10 % apart)`);
  for (const breach of r.breaches.slice(0, 5)) lines.push(`  BREACH ${breach.kind}: person ${breach.userIndex} on ${breach.date}: ${breach.detail}`);
  if (summary.failedPeople) lines.push(`${summary.failedPeople} people stopped on an error:`, ...summary.errors.map((e) => `  ${e}`));
  lines.push(`time: ${seconds.toFixed(1)} s (${(summary.personDays / seconds).toFixed(0)} person-days/s)`);
  return lines.join('\n');
}
