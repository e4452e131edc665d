import { AppError } from '../core/errors';
import { idFactory } from '../core/ids';
import { addDays } from '../core/dates';
import type { ConsultationAnswers } from '../consultations/consultation';
import { ageOn, nutritionTargets } from './nutrition/targets';
import { generateMealPlan, MealPlanInfeasibleError } from './nutrition/mealPlan';
import { generateTrainingPlan } from './training/trainingPlan';
import { EXERCISES } from '../reference/exercises.data';
import { FOODS } from '../reference/foods.data';
import { GENERATOR_VERSION, ProgramBundle, ProgramGeneratedData, REASSESSMENT_INTERVAL_DAYS } from './program';

/** Id spaces within a program (see idFactory). */
const ID_KIND = { session: 0, exercise: 1, meal: 2, item: 3 } as const;

export interface GenerateArgs {
  programId: string;
  userId: string;
  consultationId: string;
  answers: ConsultationAnswers;
  startDate: string;
  weeks: number;
  at: string;
  supersedes: ProgramGeneratedData['supersedes'];
}

/**
 * The whole program, from the consultation's answers: targets, training sessions and meals,
 * with ids derived from the program id. Pure: the same arguments give the same program.
 */
export function generateProgram(args: GenerateArgs): ProgramGeneratedData {
  const { answers, startDate, weeks, programId } = args;
  const days = weeks * 7;
  const targets = nutritionTargets({
    sex: answers.sex,
    ageYears: ageOn(answers.birthDate, startDate),
    heightCm: answers.heightCm,
    weightKg: answers.weightKg,
    bodyFatPct: answers.bodyFatPct,
    activityLevel: answers.activityLevel,
    goal: answers.goal,
    targetRatePctPerWeek: answers.targetRatePctPerWeek,
  });
  const training = generateTrainingPlan(
    {
      experience: answers.experience,
      goal: answers.goal,
      trainingDaysPerWeek: answers.trainingDaysPerWeek,
      preferredWeekdays: answers.preferredWeekdays,
      sessionMinutes: answers.sessionMinutes,
      equipment: answers.equipment,
      injuries: answers.injuries,
      excludedExercises: answers.excludedExercises,
      startDate,
      programWeeks: weeks,
      lifts: answers.lifts ?? [],
    },
    EXERCISES,
  );
  const meals = generateMealPlan(
    {
      targets: { kcal: targets.targetKcal, proteinG: targets.proteinG, carbsG: targets.carbsG, fatG: targets.fatG, fibreG: targets.fibreG },
      mealsPerDay: answers.mealsPerDay,
      dietType: answers.dietType,
      allergies: answers.allergies,
      excludedFoods: answers.excludedFoods,
      startDate,
      days,
    },
    FOODS,
  );
  const id = idFactory(programId);
  let exerciseIndex = 0;
  let itemIndex = 0;
  const bundle: ProgramBundle = {
    sessions: training.sessions.map((session, s) => ({
      ...session,
      id: id(ID_KIND.session, s),
      exercises: session.exercises.map((item) => ({ ...item, id: id(ID_KIND.exercise, exerciseIndex++) })),
    })),
    meals: meals.meals.map((meal, m) => ({
      ...meal,
      id: id(ID_KIND.meal, m),
      items: meal.items.map((item) => ({ ...item, id: id(ID_KIND.item, itemIndex++) })),
    })),
  };
  return {
    programId,
    userId: args.userId,
    consultationId: args.consultationId,
    generatorVersion: GENERATOR_VERSION,
    startDate,
    endDate: addDays(startDate, days - 1),
    weeks,
    timeZone: answers.timeZone,
    split: training.split,
    targets,
    nextReassessmentDate: addDays(startDate, REASSESSMENT_INTERVAL_DAYS),
    supersedes: args.supersedes,
    at: args.at,
    bundle,
  };
}

/**
 * The generators' RangeErrors (an impossible combination of answers) as input errors; a meal the
 * allowed foods cannot build names the answer that ruled its foods out (input.allergies, ...).
 */
export function generationError(error: unknown): never {
  if (error instanceof RangeError) {
    const field = error instanceof MealPlanInfeasibleError ? `input.${error.answer}` : 'consultation';
    throw new AppError('BAD_USER_INPUT', `no program can be built from these answers: ${error.message}`, field);
  }
  throw error;
}

