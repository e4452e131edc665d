import { AppError, badInput } from '../core/errors';
import { daysBetween, isCalendarDate } from '../core/dates';
import {
  ANSWER_NAMES, AnswerName, ConsultationAnswers, DraftAnswers, OPTIONAL_ANSWERS, WEEKDAYS,
} from './consultation';

/**
 * Bounds on the answers, in one place. Anthropometric ranges cover adults the equations behind
 * program generation were fitted on (Mifflin-St Jeor 1990: 19-78 y); outside them a coach, not
 * an app, should plan.
 */
export const CONSULTATION_RULES = {
  heightCm: { min: 120, max: 230 },
  weightKg: { min: 35, max: 300 },
  /** Essential fat is about 3 % (men) and 12 % (women); above 60 % estimates are unreliable (ACE). */
  bodyFatPct: { min: 3, max: 60 },
  ageYears: { min: 16, max: 90 },
  /** Percent of body weight per week: 0.25-1.0 % loss (Helms et al. 2014), 0.1-0.5 % gain (Iraki et al. 2019). */
  targetRatePctPerWeek: { FAT_LOSS: { min: 0.25, max: 1.0 }, MUSCLE_GAIN: { min: 0.1, max: 0.5 } },
  trainingDaysPerWeek: { min: 1, max: 7 },
  sessionMinutes: { min: 20, max: 180 },
  mealsPerDay: { min: 2, max: 6 },
  programWeeks: { min: 4, max: 24 },
  /** How far ahead a program may start, and how far back (a user in an earlier time zone). */
  startDate: { maxDaysAhead: 90, maxDaysBehind: 1 },
  listMaxItems: 50,
  /** Epley's estimate holds up to about 10-12 reps (LeSuer et al. 1997); beyond, it overestimates. */
  lift: { maxItems: 20, weightKg: { min: 1, max: 500 }, reps: { min: 1, max: 12 } },
  idMaxLength: 80,
  timeZoneMaxLength: 64,
} as const;

export interface ConsultationLookups {
  exerciseIds: ReadonlySet<string>;
  foodIds: ReadonlySet<string>;
}

const ID_RE = /^[a-z0-9_]+$/;

export function isTimeZone(value: string): boolean {
  if (value.length > CONSULTATION_RULES.timeZoneMaxLength) return false;
  try {
    localDate('2000-01-01T00:00:00Z', value);
    return true;
  } catch {
    return false;
  }
}

/** Formatters are costly to build (a tenth of a command's CPU): one per time zone. */
const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of an instant in a time zone. */
export function localDate(instant: string, timeZone: string): string {
  let format = dateFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormatters.set(timeZone, format);
  }
  return format.format(new Date(instant));
}

export function ageOnDate(birthDate: string, onDate: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = onDate.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const field = (name: string) => `input.${name}`;

function range(name: AnswerName, value: number, bounds: { min: number; max: number }, unit = ''): void {
  if (!Number.isFinite(value) || value < bounds.min || value > bounds.max) {
    throw badInput(field(name), `${name} must be between ${bounds.min} and ${bounds.max}${unit}, got ${value}`);
  }
}

function wholeRange(name: AnswerName, value: number, bounds: { min: number; max: number }): void {
  if (!Number.isInteger(value)) throw badInput(field(name), `${name} must be a whole number, got ${value}`);
  range(name, value, bounds);
}

function list(name: AnswerName, values: readonly string[]): void {
  if (values.length > CONSULTATION_RULES.listMaxItems) {
    throw badInput(field(name), `${name} takes at most ${CONSULTATION_RULES.listMaxItems} items`);
  }
  if (new Set(values).size !== values.length) throw badInput(field(name), `${name} lists an item twice`);
}

function knownIds(name: AnswerName, values: readonly string[], known: ReadonlySet<string>, what: string): void {
  list(name, values);
  for (const value of values) {
    if (value.length > CONSULTATION_RULES.idMaxLength || !ID_RE.test(value)) {
      throw badInput(field(name), `${name} takes ${what} ids (lowercase letters, digits, _), got "${value.slice(0, 40)}"`);
    }
    if (!known.has(value)) throw badInput(field(name), `${name}: no ${what} has the id "${value}"`);
  }
}

/** Checks each answer present on its own (ranges, formats, known ids). */
export function validateAnswerValues(answers: DraftAnswers, context: { now: string; lookups: ConsultationLookups }): void {
  const rules = CONSULTATION_RULES;
  const a = answers;
  if (a.heightCm != null) range('heightCm', a.heightCm, rules.heightCm, ' cm');
  if (a.weightKg != null) range('weightKg', a.weightKg, rules.weightKg, ' kg');
  if (a.bodyFatPct != null) range('bodyFatPct', a.bodyFatPct, rules.bodyFatPct, ' %');
  if (a.trainingDaysPerWeek != null) wholeRange('trainingDaysPerWeek', a.trainingDaysPerWeek, rules.trainingDaysPerWeek);
  if (a.sessionMinutes != null) wholeRange('sessionMinutes', a.sessionMinutes, rules.sessionMinutes);
  if (a.mealsPerDay != null) wholeRange('mealsPerDay', a.mealsPerDay, rules.mealsPerDay);
  if (a.programWeeks != null) wholeRange('programWeeks', a.programWeeks, rules.programWeeks);
  if (a.timeZone != null && !isTimeZone(a.timeZone)) {
    throw badInput(field('timeZone'), `timeZone must be an IANA time zone such as Europe/Paris, got "${a.timeZone.slice(0, 40)}"`);
  }
  const today = localDate(context.now, a.timeZone && isTimeZone(a.timeZone) ? a.timeZone : 'UTC');
  if (a.birthDate != null) {
    if (!isCalendarDate(a.birthDate)) throw badInput(field('birthDate'), `birthDate must be a date YYYY-MM-DD, got "${a.birthDate.slice(0, 20)}"`);
    const age = ageOnDate(a.birthDate, today);
    if (age < rules.ageYears.min || age > rules.ageYears.max) {
      throw badInput(field('birthDate'), `age must be between ${rules.ageYears.min} and ${rules.ageYears.max} years, got ${age}`);
    }
  }
  if (a.startDate != null) {
    if (!isCalendarDate(a.startDate)) throw badInput(field('startDate'), `startDate must be a date YYYY-MM-DD, got "${a.startDate.slice(0, 20)}"`);
    const ahead = daysBetween(today, a.startDate);
    if (ahead < -rules.startDate.maxDaysBehind || ahead > rules.startDate.maxDaysAhead) {
      throw badInput(field('startDate'), `startDate must be from today to ${rules.startDate.maxDaysAhead} days ahead, got ${a.startDate}`);
    }
  }
  if (a.preferredWeekdays != null) list('preferredWeekdays', a.preferredWeekdays);
  if (a.equipment != null) list('equipment', a.equipment);
  if (a.injuries != null) list('injuries', a.injuries);
  if (a.allergies != null) list('allergies', a.allergies);
  if (a.excludedExercises != null) knownIds('excludedExercises', a.excludedExercises, context.lookups.exerciseIds, 'exercise');
  if (a.excludedFoods != null) knownIds('excludedFoods', a.excludedFoods, context.lookups.foodIds, 'food');
  if (a.lifts != null) validateLifts(a.lifts, context.lookups.exerciseIds);
}

function validateLifts(lifts: readonly { exerciseId: string; weightKg: number; reps: number }[], known: ReadonlySet<string>): void {
  const { lift } = CONSULTATION_RULES;
  if (lifts.length > lift.maxItems) throw badInput(field('lifts'), `lifts takes at most ${lift.maxItems} items`);
  knownIds('lifts', lifts.map((l) => l.exerciseId), known, 'exercise');
  lifts.forEach((l, i) => {
    const at = `input.lifts.${i}`;
    if (!Number.isFinite(l.weightKg) || l.weightKg < lift.weightKg.min || l.weightKg > lift.weightKg.max) {
      throw badInput(`${at}.weightKg`, `weightKg must be between ${lift.weightKg.min} and ${lift.weightKg.max}, got ${l.weightKg}`);
    }
    if (!Number.isInteger(l.reps) || l.reps < lift.reps.min || l.reps > lift.reps.max) {
      throw badInput(`${at}.reps`, `reps must be a whole number from ${lift.reps.min} to ${lift.reps.max} (1RM estimates fail beyond), got ${l.reps}`);
    }
  });
}

/** Checks answers against each other, for those pairs that are both present. */
export function validateAnswerPairs(a: DraftAnswers): void {
  if (a.preferredWeekdays != null && a.trainingDaysPerWeek != null && a.preferredWeekdays.length !== a.trainingDaysPerWeek) {
    throw badInput(
      field('preferredWeekdays'),
      `preferredWeekdays must name ${a.trainingDaysPerWeek} days to match trainingDaysPerWeek, got ${a.preferredWeekdays.length}`,
    );
  }
  if (a.targetRatePctPerWeek != null && a.goal != null) {
    const bounds = (CONSULTATION_RULES.targetRatePctPerWeek as Record<string, { min: number; max: number }>)[a.goal];
    if (!bounds) {
      throw badInput(field('targetRatePctPerWeek'), `targetRatePctPerWeek applies only to FAT_LOSS and MUSCLE_GAIN; set it to null for ${a.goal}`);
    }
    range('targetRatePctPerWeek', a.targetRatePctPerWeek, bounds, ` % per week for ${a.goal}`);
  }
}

/** The answers completion still needs, in the order the consultation asks them. */
export function missingAnswers(answers: DraftAnswers): AnswerName[] {
  return ANSWER_NAMES.filter((name) => {
    if (OPTIONAL_ANSWERS.includes(name)) return false;
    const value = answers[name];
    return value == null || (Array.isArray(value) && value.length === 0);
  });
}

/** A complete, valid draft as full answers (defaults for optional lists), or the error why not. */
export function completeAnswers(answers: DraftAnswers): ConsultationAnswers {
  const missing = missingAnswers(answers);
  if (missing.length > 0) {
    throw new AppError('BAD_USER_INPUT', `the consultation is missing answers: ${missing.join(', ')}`, `input.${missing[0]}`, {
      missing,
    });
  }
  const list = <T>(value: T[] | null | undefined): T[] => value ?? [];
  return {
    ...(answers as ConsultationAnswers),
    bodyFatPct: answers.bodyFatPct ?? null,
    targetRatePctPerWeek: answers.targetRatePctPerWeek ?? null,
    equipment: answers.equipment?.length ? answers.equipment : ['bodyweight'],
    injuries: list(answers.injuries),
    excludedExercises: list(answers.excludedExercises),
    allergies: list(answers.allergies),
    excludedFoods: list(answers.excludedFoods),
    lifts: list(answers.lifts),
    preferredWeekdays: [...(answers.preferredWeekdays ?? [])].sort((x, y) => WEEKDAYS.indexOf(x) - WEEKDAYS.indexOf(y)),
  };
}
