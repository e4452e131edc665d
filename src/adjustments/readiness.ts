import { daysBetween } from '../core/dates';
import type { DailyContext, Readiness, ReadinessBand, ReadinessComponent } from './contracts';
import {
  BANDS, BASELINE_MAX_DAYS, BASELINE_MIN_DAYS, CONFIDENCE, SCORE_PER_Z, SIGNALS, SignalName, Z_CLAMP,
} from './readiness.constants';

/** A signal's value as the maths uses it (HRV as ln rMSSD), or null when not logged. */
function signalValue(context: DailyContext, signal: SignalName): number | null {
  switch (signal) {
    case 'sleep_hours': return context.sleepHours;
    case 'sleep_quality': return context.sleepQuality;
    case 'stress': return context.stress;
    case 'soreness': return context.soreness;
    case 'energy': return context.energy;
    case 'hrv': return context.hrvMs != null && context.hrvMs > 0 ? Math.log(context.hrvMs) : null;
    case 'resting_hr': return context.restingHr;
  }
}

const round = (x: number, places: number): number => Math.round(x * 10 ** places) / 10 ** places;
const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}

export function bandOf(score: number): ReadinessBand {
  if (score >= BANDS.high) return 'high';
  if (score >= BANDS.normal) return 'normal';
  if (score >= BANDS.low) return 'low';
  return 'very_low';
}

/**
 * Readiness: how ready the person is to train today, against their own baseline (mean and SD of
 * each signal over the previous 7-28 days), or population defaults while fewer than 7 days exist.
 * `history` may hold any days: only the 28 before `today.date` count. Pure.
 */
export function computeReadiness(today: DailyContext, history: DailyContext[]): Readiness {
  const window = history.filter((h) => {
    const ago = daysBetween(h.date, today.date);
    return ago >= 1 && ago <= BASELINE_MAX_DAYS;
  });
  const baselineDays = new Set(window.map((h) => h.date)).size;
  const personal = baselineDays >= BASELINE_MIN_DAYS;

  const components: ReadinessComponent[] = [];
  let weighted = 0;
  let presentWeight = 0;
  let totalWeight = 0;
  for (const signal of Object.keys(SIGNALS) as SignalName[]) {
    const spec = SIGNALS[signal];
    totalWeight += spec.weight;
    const value = signalValue(today, signal);
    if (value === null || !Number.isFinite(value)) continue;
    const past = window.map((h) => signalValue(h, signal)).filter((v): v is number => v !== null && Number.isFinite(v));
    const own = personal && past.length >= BASELINE_MIN_DAYS ? meanSd(past) : null;
    const mean = own ? own.mean : spec.populationMean;
    const sd = Math.max(spec.sdFloor, own ? own.sd : spec.populationSd);
    const z = clamp((spec.direction * (value - mean)) / sd, -Z_CLAMP, Z_CLAMP);
    weighted += spec.weight * z;
    presentWeight += spec.weight;
    const shown = (x: number) => (signal === 'hrv' ? Math.exp(x) : x);
    components.push({ signal, value: round(shown(value), 2), baseline: round(shown(mean), 2), z: round(z, 3), weight: spec.weight });
  }
  // Report weights as used: renormalised over the signals present.
  for (const c of components) c.weight = round(c.weight / presentWeight, 4);

  const z = presentWeight > 0 ? weighted / presentWeight : 0;
  const score = round(clamp(50 + SCORE_PER_Z * z, 0, 100), 1);
  const base = personal
    ? CONFIDENCE.personalMin + ((CONFIDENCE.personalMax - CONFIDENCE.personalMin) * (baselineDays - BASELINE_MIN_DAYS)) / (BASELINE_MAX_DAYS - BASELINE_MIN_DAYS)
    : CONFIDENCE.population;
  const coverage = totalWeight > 0 ? presentWeight / totalWeight : 0;
  const confidence = round(base * (CONFIDENCE.coverageFloor + (1 - CONFIDENCE.coverageFloor) * coverage), 3);
  return { score, band: bandOf(score), confidence, baselineDays, components };
}
