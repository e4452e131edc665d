/**
 * The evidence a reassessment reads over its window, and the pure functions that summarise the
 * raw rows (loaded by evidence.loader.ts) into it. No clock, no I/O.
 */
import { addDays, daysBetween } from '../core/dates';
import { epley1rm } from '../programs/training/trainingPlan';
import { LIFT_MAX_REPS } from '../programs/training/training.constants';
import {
  EVIDENCE_WINDOW_DAYS, MIN_WEIGH_INS, MIN_WEIGH_IN_SPAN_DAYS, TREND_ALPHA_PER_DAY,
} from './reassessment.constants';

export interface LoggedSetRow { reps: number; loadKg: number | null; rir: number | null }

/** The rows one program's evidence is made of (one statement loads them; see evidence.loader.ts). */
export interface EvidenceRows {
  /** Body weights of the daily context, oldest first, from the trend lookback to the window's end. */
  weighIns: Array<{ date: string; kg: number }>;
  /** Logged intake per local day of the window (days with at least one meal log). */
  intake: Array<{ date: string; kcal: number }>;
  /** Planned sessions of the window (on the calendar), with their adherence status when assessed. */
  sessions: Array<{ id: string; date: string; status: string | null }>;
  /** Planned meals of the window with their adherence status when assessed. */
  meals: { planned: number; eaten: number; skipped: number };
  /** Logged strength activities of the window. */
  activities: Array<{ date: string; rpe: number | null; exercises: Array<{ exerciseId: string; sets: LoggedSetRow[] }> }>;
  /** Daily context of the window (recovery). */
  context: Array<{ date: string; soreness: number | null; energy: number | null }>;
}

/** A point of the trend weight (exponentially smoothed body weight, gap-aware). */
export interface TrendPoint { date: string; kg: number }

/**
 * Trend weight: an exponential moving average of the weigh-ins, alpha per day, gap-aware (after a
 * gap of g days, alpha_eff = 1 - (1 - alpha)^g, as if the missing days had carried the trend).
 * Returns the trend at each weigh-in; the first weigh-in starts it.
 */
export function trendWeights(weighIns: ReadonlyArray<{ date: string; kg: number }>, alpha = TREND_ALPHA_PER_DAY): TrendPoint[] {
  const out: TrendPoint[] = [];
  let last: TrendPoint | null = null;
  for (const w of [...weighIns].sort((a, b) => a.date.localeCompare(b.date))) {
    if (!Number.isFinite(w.kg) || w.kg <= 0) continue;
    if (last === null) {
      last = { date: w.date, kg: w.kg };
    } else {
      const gap = Math.max(1, daysBetween(last.date, w.date));
      const alphaEff = 1 - (1 - alpha) ** gap;
      last = { date: w.date, kg: last.kg + alphaEff * (w.kg - last.kg) };
    }
    out.push(last);
  }
  return out;
}

/** The trend as of a date: the last point on or before it (null before the first weigh-in). */
export function trendAt(points: readonly TrendPoint[], date: string): number | null {
  let value: number | null = null;
  for (const p of points) {
    if (p.date > date) break;
    value = p.kg;
  }
  return value;
}

/** Ordinary least-squares slope of y over x (null with fewer than two distinct x). */
export function slope(points: ReadonlyArray<{ x: number; y: number }>): number | null {
  if (points.length < 2) return null;
  const mx = points.reduce((s, p) => s + p.x, 0) / points.length;
  const my = points.reduce((s, p) => s + p.y, 0) / points.length;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  return sxx === 0 ? null : sxy / sxx;
}

export interface WeightEvidence {
  weighIns: number;
  /** Trend weight at the window's start and end (kg), null without weigh-ins by then. */
  trendStartKg: number | null;
  trendEndKg: number | null;
  /**
   * Observed rate of change, kg/week: the trend's change over the window, divided by the share
   * of a steady change an EMA shows after starting n days earlier (1 - L((1-a)^n1 - (1-a)^n2)/(n2-n1),
   * L = (1-a)/a = 9 days of lag): once the trend has run for weeks that share is ~1; in a new
   * program's first window about one half, which would otherwise read as half the real rate.
   * Null on thin data (fewer than MIN_WEIGH_INS over MIN_WEIGH_IN_SPAN_DAYS).
   */
  rateKgPerWeek: number | null;
  /** The same in % of the trend weight per week (the unit of the goal's target rate). */
  ratePctPerWeek: number | null;
  /** The lag correction's share (1 = none). */
  lagShare: number | null;
}

/** Share of a steady change an EMA (alpha per day, started at day 0) shows between days n1 and n2. */
export function emaLagShare(n1: number, n2: number, alpha = TREND_ALPHA_PER_DAY): number {
  if (n2 <= n1) return 1;
  const lag = (1 - alpha) / alpha;
  return 1 - (lag * ((1 - alpha) ** n1 - (1 - alpha) ** n2)) / (n2 - n1);
}

export function weightEvidence(weighIns: EvidenceRows['weighIns'], window: { from: string; to: string }): WeightEvidence {
  const trend = trendWeights(weighIns);
  const inWindow = trend.filter((p) => p.date >= window.from && p.date <= window.to);
  const before = trend.filter((p) => p.date < window.from);
  const startPoint = before.length ? before[before.length - 1] : inWindow[0] ?? null;
  const endPoint = inWindow.length ? inWindow[inWindow.length - 1] : null;
  const empty = { weighIns: inWindow.length, trendStartKg: round(startPoint?.kg, 2), trendEndKg: round(endPoint?.kg ?? startPoint?.kg, 2) };
  if (!startPoint || !endPoint || inWindow.length < MIN_WEIGH_INS
    || daysBetween(inWindow[0].date, endPoint.date) < MIN_WEIGH_IN_SPAN_DAYS) {
    return { ...empty, rateKgPerWeek: null, ratePctPerWeek: null, lagShare: null };
  }
  const origin = trend[0].date;
  const n1 = daysBetween(origin, startPoint.date);
  const n2 = daysBetween(origin, endPoint.date);
  const share = emaLagShare(n1, n2);
  const rateKgPerWeek = ((endPoint.kg - startPoint.kg) / (n2 - n1) / share) * 7;
  return {
    ...empty,
    rateKgPerWeek: round(rateKgPerWeek, 3),
    ratePctPerWeek: round((rateKgPerWeek / endPoint.kg) * 100, 3),
    lagShare: round(share, 3),
  };
}

export interface IntakeEvidence {
  daysLogged: number;
  /** Mean logged kcal over the days with logs (null without any). */
  meanKcal: number | null;
}

export function intakeEvidence(intake: EvidenceRows['intake']): IntakeEvidence {
  const days = intake.filter((d) => Number.isFinite(d.kcal));
  return {
    daysLogged: days.length,
    meanKcal: days.length ? Math.round(days.reduce((s, d) => s + d.kcal, 0) / days.length) : null,
  };
}

export interface TrainingEvidence {
  sessionsPlanned: number;
  /** Planned sessions done (adherence completed, partial or similar). */
  sessionsDone: number;
  sessionsSkipped: number;
  /** sessionsDone / sessions assessed (done + skipped); null when none was assessed. */
  completion: number | null;
  /** Mean session RPE of the window's first and second week, and the drift (second - first). */
  rpeFirstWeek: number | null;
  rpeSecondWeek: number | null;
  rpeDrift: number | null;
  /** Per exercise: best estimated 1RM (Epley, reps + RIR) of each week, and the latest. */
  e1rm: Record<string, { firstWeek: number | null; secondWeek: number | null; latest: number }>;
  /** Median over exercises with both weeks of (second - first) / first, %; null without any. */
  e1rmTrendPct: number | null;
  meanSoreness: number | null;
  meanEnergy: number | null;
}

const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);

function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Best estimated 1RM of a logged exercise's sets (Epley on reps + RIR: the reps it could have done). */
export function bestE1rm(sets: readonly LoggedSetRow[]): number | null {
  let best: number | null = null;
  for (const set of sets) {
    const load = Number(set.loadKg);
    const reps = Number(set.reps) + (set.rir === null || set.rir === undefined ? 0 : Number(set.rir));
    if (!(load > 0) || !(reps >= 1) || reps > LIFT_MAX_REPS) continue;
    const e = epley1rm(load, reps);
    if (best === null || e > best) best = e;
  }
  return best;
}

export function trainingEvidence(rows: Pick<EvidenceRows, 'sessions' | 'activities' | 'context'>, window: { from: string; to: string }): TrainingEvidence {
  const done = rows.sessions.filter((s) => s.status === 'completed' || s.status === 'partial' || s.status === 'similar').length;
  const skipped = rows.sessions.filter((s) => s.status === 'skipped').length;
  const secondWeek = addDays(window.from, EVIDENCE_WINDOW_DAYS / 2);
  const isSecond = (date: string) => date >= secondWeek;
  const rpe1 = mean(rows.activities.filter((a) => !isSecond(a.date) && a.rpe !== null).map((a) => Number(a.rpe)));
  const rpe2 = mean(rows.activities.filter((a) => isSecond(a.date) && a.rpe !== null).map((a) => Number(a.rpe)));

  const e1rm: TrainingEvidence['e1rm'] = {};
  const sorted = [...rows.activities].sort((a, b) => a.date.localeCompare(b.date));
  for (const activity of sorted) {
    for (const exercise of activity.exercises ?? []) {
      const best = bestE1rm(exercise.sets ?? []);
      if (best === null) continue;
      const entry = e1rm[exercise.exerciseId] ?? { firstWeek: null, secondWeek: null, latest: best };
      if (isSecond(activity.date)) entry.secondWeek = Math.max(entry.secondWeek ?? 0, best);
      else entry.firstWeek = Math.max(entry.firstWeek ?? 0, best);
      entry.latest = best;
      e1rm[exercise.exerciseId] = entry;
    }
  }
  for (const entry of Object.values(e1rm)) {
    entry.firstWeek = round(entry.firstWeek, 1);
    entry.secondWeek = round(entry.secondWeek, 1);
    entry.latest = round(entry.latest, 1) as number;
  }
  const trends = Object.values(e1rm)
    .filter((e) => e.firstWeek && e.secondWeek)
    .map((e) => ((e.secondWeek! - e.firstWeek!) / e.firstWeek!) * 100);
  return {
    sessionsPlanned: rows.sessions.length,
    sessionsDone: done,
    sessionsSkipped: skipped,
    completion: done + skipped > 0 ? round(done / (done + skipped), 3) : null,
    rpeFirstWeek: round(rpe1, 2),
    rpeSecondWeek: round(rpe2, 2),
    rpeDrift: rpe1 !== null && rpe2 !== null ? round(rpe2 - rpe1, 2) : null,
    e1rm,
    e1rmTrendPct: round(median(trends), 2),
    meanSoreness: round(mean(rows.context.filter((c) => c.soreness !== null).map((c) => Number(c.soreness))), 2),
    meanEnergy: round(mean(rows.context.filter((c) => c.energy !== null).map((c) => Number(c.energy))), 2),
  };
}

export interface Evidence {
  window: { from: string; to: string };
  weight: WeightEvidence;
  intake: IntakeEvidence;
  meals: EvidenceRows['meals'];
  training: TrainingEvidence;
}

/** The window of a reassessment on local day `today`: the 14 days before it. */
export function evidenceWindow(today: string): { from: string; to: string } {
  return { from: addDays(today, -EVIDENCE_WINDOW_DAYS), to: addDays(today, -1) };
}

export function summariseEvidence(rows: EvidenceRows, window: { from: string; to: string }): Evidence {
  return {
    window,
    weight: weightEvidence(rows.weighIns, window),
    intake: intakeEvidence(rows.intake.filter((d) => d.date >= window.from && d.date <= window.to)),
    meals: rows.meals,
    training: trainingEvidence(rows, window),
  };
}

export function round(x: number | null | undefined, digits: number): number | null {
  if (x === null || x === undefined || !Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
