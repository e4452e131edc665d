import {
  MEAL_COMPLETED_TOLERANCE, MEAL_PARTIAL_TOLERANCE, SIMILAR_EXACT_SHARE_BELOW, SIMILAR_PATTERN_SHARE_AT_LEAST,
  TRAINING_COMPLETED_BAND, TRAINING_PARTIAL_BAND,
} from '../logging/logging.constants';
import type { Similarity } from '../logging/similarity';

/**
 * Adherence: how a planned session or meal was followed. completed (within the plan's band),
 * partial (done, but off the amount planned), similar (something else of the same kind in its
 * place), skipped (its local day is over and nothing was logged), unknown (logged without
 * anything to compare).
 */
export type AdherenceStatus = 'completed' | 'partial' | 'similar' | 'skipped' | 'unknown';

/**
 * The compliance colour endurance platforms show: green within the completed band, yellow in the
 * partial band or similar, orange outside the partial band, red skipped, grey unknown.
 */
export type ComplianceColour = 'green' | 'yellow' | 'orange' | 'red' | 'grey';

export interface Assessment {
  status: AdherenceStatus;
  colour: ComplianceColour;
  /** Done / planned: volume (or duration) for sessions, energy for meals; null when unknown. */
  ratio: number | null;
  /** 0-1: the similarity score for sessions, 1 - |energy error| for meals (floored at 0). */
  score: number | null;
}

const within = (ratio: number, band: { min: number; max: number }): boolean => ratio >= band.min && ratio <= band.max;

/** A planned session with the activity linked to it (bands in logging.constants.ts). */
export function assessSession(similarity: Similarity): Assessment {
  const score = similarity.score;
  if (!similarity.kindMatches) return { status: 'partial', colour: 'orange', ratio: similarity.durationRatio, score };
  if (similarity.exactShare !== null && similarity.patternShare !== null
    && similarity.exactShare < SIMILAR_EXACT_SHARE_BELOW && similarity.patternShare >= SIMILAR_PATTERN_SHARE_AT_LEAST) {
    return { status: 'similar', colour: 'yellow', ratio: similarity.volumeRatio ?? similarity.durationRatio, score };
  }
  if (similarity.patternShare !== null && similarity.patternShare < SIMILAR_PATTERN_SHARE_AT_LEAST) {
    return { status: 'partial', colour: 'orange', ratio: similarity.volumeRatio ?? similarity.durationRatio, score };
  }
  const ratio = similarity.volumeRatio ?? similarity.durationRatio;
  if (!Number.isFinite(ratio)) return { status: 'unknown', colour: 'grey', ratio: null, score };
  if (within(ratio, TRAINING_COMPLETED_BAND)) return { status: 'completed', colour: 'green', ratio, score };
  if (within(ratio, TRAINING_PARTIAL_BAND)) return { status: 'partial', colour: 'yellow', ratio, score };
  return { status: 'partial', colour: 'orange', ratio, score };
}

/** A planned meal with the meal log linked to it, on energy. */
export function assessMeal(plannedKcal: number, eatenKcal: number): Assessment {
  if (!(plannedKcal > 0)) return { status: 'unknown', colour: 'grey', ratio: null, score: null };
  const ratio = eatenKcal / plannedKcal;
  const error = Math.abs(ratio - 1);
  const score = Math.round(Math.max(0, 1 - error) * 1000) / 1000;
  if (error <= MEAL_COMPLETED_TOLERANCE + 1e-9) return { status: 'completed', colour: 'green', ratio, score };
  if (error <= MEAL_PARTIAL_TOLERANCE + 1e-9) return { status: 'partial', colour: 'yellow', ratio, score };
  return { status: 'partial', colour: 'orange', ratio, score };
}

export const SKIPPED: Assessment = { status: 'skipped', colour: 'red', ratio: 0, score: 0 };
