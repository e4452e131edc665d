import { unknownEvent } from '../core/decider';

export const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const SEXES = ['MALE', 'FEMALE'] as const;
export const GOALS = ['FAT_LOSS', 'MUSCLE_GAIN', 'RECOMPOSITION', 'MAINTENANCE', 'PERFORMANCE'] as const;
export const EXPERIENCE_LEVELS = ['BEGINNER', 'INTERMEDIATE', 'ADVANCED'] as const;
export const ACTIVITY_LEVELS = ['SEDENTARY', 'LIGHT', 'MODERATE', 'VERY_ACTIVE', 'EXTRA_ACTIVE'] as const;
export const DIET_TYPES = ['OMNIVORE', 'PESCATARIAN', 'VEGETARIAN', 'VEGAN'] as const;
export const EQUIPMENT = [
  'bodyweight', 'dumbbell', 'barbell', 'kettlebell', 'cable', 'machine',
  'resistance_band', 'pullup_bar', 'bench', 'cardio_machine',
] as const;
export const INJURY_AREAS = ['knee', 'shoulder', 'lower_back', 'elbow', 'wrist', 'hip', 'ankle', 'neck'] as const;
export const ALLERGENS = ['gluten', 'dairy', 'egg', 'peanut', 'tree_nut', 'soy', 'fish', 'shellfish', 'sesame'] as const;

/** The consultation's answers: everything program generation needs to know about the person. */
export interface ConsultationAnswers {
  sex: (typeof SEXES)[number];
  /** YYYY-MM-DD */
  birthDate: string;
  heightCm: number;
  weightKg: number;
  bodyFatPct: number | null;
  goal: (typeof GOALS)[number];
  /** Percent of body weight per week to lose (FAT_LOSS) or gain (MUSCLE_GAIN). */
  targetRatePctPerWeek: number | null;
  experience: (typeof EXPERIENCE_LEVELS)[number];
  trainingDaysPerWeek: number;
  preferredWeekdays: Weekday[];
  sessionMinutes: number;
  equipment: (typeof EQUIPMENT)[number][];
  injuries: (typeof INJURY_AREAS)[number][];
  excludedExercises: string[];
  activityLevel: (typeof ACTIVITY_LEVELS)[number];
  dietType: (typeof DIET_TYPES)[number];
  allergies: (typeof ALLERGENS)[number][];
  excludedFoods: string[];
  mealsPerDay: number;
  /** IANA zone, e.g. Europe/Paris: the user's days start at midnight there. */
  timeZone: string;
  /** YYYY-MM-DD, the program's first day. */
  startDate: string;
  programWeeks: number;
  /** Recent hard sets (weight x reps) of library exercises, for starting loads (Epley 1RM). */
  lifts: Lift[];
}

export interface Lift {
  exerciseId: string;
  weightKg: number;
  reps: number;
}

export type AnswerName = keyof ConsultationAnswers;

/** Answers as a draft holds them: any subset; null clears an optional answer. */
export type DraftAnswers = { [K in AnswerName]?: ConsultationAnswers[K] | null };

/** Answers that completion does not require. */
export const OPTIONAL_ANSWERS: readonly AnswerName[] = [
  'bodyFatPct', 'targetRatePctPerWeek', 'injuries', 'excludedExercises', 'allergies', 'excludedFoods', 'equipment', 'lifts',
];

export const ANSWER_NAMES: readonly AnswerName[] = [
  'sex', 'birthDate', 'heightCm', 'weightKg', 'bodyFatPct', 'goal', 'targetRatePctPerWeek', 'experience',
  'trainingDaysPerWeek', 'preferredWeekdays', 'sessionMinutes', 'equipment', 'injuries', 'excludedExercises',
  'activityLevel', 'dietType', 'allergies', 'excludedFoods', 'mealsPerDay', 'timeZone', 'startDate', 'programWeeks', 'lifts',
];

export const consultationStream = (consultationId: string): string => `consultation-${consultationId}`;

export type ConsultationEvent =
  | { type: 'ConsultationStarted'; data: { consultationId: string; userId: string; answers: DraftAnswers; at: string } }
  | { type: 'ConsultationUpdated'; data: { consultationId: string; changes: DraftAnswers; at: string } }
  | { type: 'ConsultationCompleted'; data: { consultationId: string; answers: ConsultationAnswers; at: string } };

export type ConsultationState =
  | { status: 'none' }
  | { status: 'in_progress' | 'completed'; id: string; userId: string; answers: DraftAnswers };

export const initialConsultationState: ConsultationState = { status: 'none' };

/** Applies changes to a draft; undefined leaves an answer as it was, null clears it. */
export function mergeAnswers(answers: DraftAnswers, changes: DraftAnswers): DraftAnswers {
  const merged: DraftAnswers = { ...answers };
  for (const name of ANSWER_NAMES) {
    if (changes[name] !== undefined) (merged as Record<string, unknown>)[name] = changes[name];
  }
  return merged;
}

export function evolveConsultation(state: ConsultationState, event: ConsultationEvent): ConsultationState {
  switch (event.type) {
    case 'ConsultationStarted':
      return { status: 'in_progress', id: event.data.consultationId, userId: event.data.userId, answers: event.data.answers };
    case 'ConsultationUpdated':
      return state.status === 'none' ? state : { ...state, answers: mergeAnswers(state.answers, event.data.changes) };
    case 'ConsultationCompleted':
      return state.status === 'none' ? state : { ...state, status: 'completed', answers: event.data.answers };
    default:
      return unknownEvent(event, state);
  }
}
