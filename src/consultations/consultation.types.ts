import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';

/** GraphQL enums: names are the API's, values are the domain's vocabulary. */
export enum SexEnum { MALE = 'MALE', FEMALE = 'FEMALE' }
export enum GoalEnum {
  FAT_LOSS = 'FAT_LOSS', MUSCLE_GAIN = 'MUSCLE_GAIN', RECOMPOSITION = 'RECOMPOSITION',
  MAINTENANCE = 'MAINTENANCE', PERFORMANCE = 'PERFORMANCE',
}
export enum ExperienceEnum { BEGINNER = 'BEGINNER', INTERMEDIATE = 'INTERMEDIATE', ADVANCED = 'ADVANCED' }
export enum ActivityLevelEnum {
  SEDENTARY = 'SEDENTARY', LIGHT = 'LIGHT', MODERATE = 'MODERATE', VERY_ACTIVE = 'VERY_ACTIVE', EXTRA_ACTIVE = 'EXTRA_ACTIVE',
}
export enum DietTypeEnum { OMNIVORE = 'OMNIVORE', PESCATARIAN = 'PESCATARIAN', VEGETARIAN = 'VEGETARIAN', VEGAN = 'VEGAN' }
export enum WeekdayEnum {
  MONDAY = 'MONDAY', TUESDAY = 'TUESDAY', WEDNESDAY = 'WEDNESDAY', THURSDAY = 'THURSDAY',
  FRIDAY = 'FRIDAY', SATURDAY = 'SATURDAY', SUNDAY = 'SUNDAY',
}
export enum EquipmentEnum {
  BODYWEIGHT = 'bodyweight', DUMBBELL = 'dumbbell', BARBELL = 'barbell', KETTLEBELL = 'kettlebell',
  CABLE = 'cable', MACHINE = 'machine', RESISTANCE_BAND = 'resistance_band', PULLUP_BAR = 'pullup_bar',
  BENCH = 'bench', CARDIO_MACHINE = 'cardio_machine',
}
export enum InjuryAreaEnum {
  KNEE = 'knee', SHOULDER = 'shoulder', LOWER_BACK = 'lower_back', ELBOW = 'elbow',
  WRIST = 'wrist', HIP = 'hip', ANKLE = 'ankle', NECK = 'neck',
}
export enum AllergenEnum {
  GLUTEN = 'gluten', DAIRY = 'dairy', EGG = 'egg', PEANUT = 'peanut', TREE_NUT = 'tree_nut',
  SOY = 'soy', FISH = 'fish', SHELLFISH = 'shellfish', SESAME = 'sesame',
}
export enum ConsultationStatusEnum { IN_PROGRESS = 'in_progress', COMPLETED = 'completed' }

registerEnumType(SexEnum, {
  name: 'Sex',
  description: 'Sex, for the BMR equations',
  valuesConfig: { MALE: { description: 'Male' }, FEMALE: { description: 'Female' } },
});
registerEnumType(GoalEnum, {
  name: 'Goal',
  description: 'What the program aims at',
  valuesConfig: {
    FAT_LOSS: { description: 'Lose fat at targetRatePctPerWeek, keeping muscle' },
    MUSCLE_GAIN: { description: 'Gain muscle at targetRatePctPerWeek' },
    RECOMPOSITION: { description: 'Lose fat and build muscle on a small deficit (10 % of TDEE)' },
    MAINTENANCE: { description: 'Keep body weight' },
    PERFORMANCE: { description: 'Train for strength and performance, fuelled at maintenance' },
  },
});
registerEnumType(ExperienceEnum, {
  name: 'Experience',
  description: 'Resistance training experience',
  valuesConfig: {
    BEGINNER: { description: 'New to regular resistance training' },
    INTERMEDIATE: { description: 'Trains regularly, with good technique' },
    ADVANCED: { description: 'Many years of regular training' },
  },
});
registerEnumType(ActivityLevelEnum, {
  name: 'ActivityLevel',
  description: 'Daily activity outside training, for the TDEE multiplier',
  valuesConfig: {
    SEDENTARY: { description: 'Desk work, little walking' },
    LIGHT: { description: 'Some walking or light activity most days' },
    MODERATE: { description: 'On your feet much of the day' },
    VERY_ACTIVE: { description: 'Physical work or a lot of daily activity' },
    EXTRA_ACTIVE: { description: 'Hard physical work all day' },
  },
});
registerEnumType(DietTypeEnum, {
  name: 'DietType',
  description: 'Which foods a diet allows',
  valuesConfig: {
    OMNIVORE: { description: 'Everything' },
    PESCATARIAN: { description: 'No meat; fish and seafood allowed' },
    VEGETARIAN: { description: 'No meat or fish; eggs and dairy allowed' },
    VEGAN: { description: 'No animal products' },
  },
});
registerEnumType(WeekdayEnum, {
  name: 'Weekday',
  description: 'A day of the week',
  valuesConfig: {
    MONDAY: { description: 'Monday' }, TUESDAY: { description: 'Tuesday' }, WEDNESDAY: { description: 'Wednesday' },
    THURSDAY: { description: 'Thursday' }, FRIDAY: { description: 'Friday' }, SATURDAY: { description: 'Saturday' },
    SUNDAY: { description: 'Sunday' },
  },
});
registerEnumType(EquipmentEnum, {
  name: 'Equipment',
  description: 'Training equipment, as answered and as exercises need it',
  valuesConfig: {
    BODYWEIGHT: { description: 'No equipment (always available)' }, DUMBBELL: { description: 'Dumbbells' },
    BARBELL: { description: 'Barbell and plates' }, KETTLEBELL: { description: 'Kettlebells' },
    CABLE: { description: 'Cable station' }, MACHINE: { description: 'Weight machines' },
    RESISTANCE_BAND: { description: 'Resistance bands' }, PULLUP_BAR: { description: 'Pull-up bar' },
    BENCH: { description: 'Flat or adjustable bench' }, CARDIO_MACHINE: { description: 'Bike, rower, treadmill or similar' },
  },
});
registerEnumType(InjuryAreaEnum, {
  name: 'InjuryArea',
  description: 'A body area to spare: exercises contraindicated for it are left out',
  valuesConfig: {
    KNEE: { description: 'Knee' }, SHOULDER: { description: 'Shoulder' }, LOWER_BACK: { description: 'Lower back' },
    ELBOW: { description: 'Elbow' }, WRIST: { description: 'Wrist' }, HIP: { description: 'Hip' },
    ANKLE: { description: 'Ankle' }, NECK: { description: 'Neck' },
  },
});
registerEnumType(AllergenEnum, {
  name: 'Allergen',
  description: 'A food allergen, as answered and as foods contain it',
  valuesConfig: {
    GLUTEN: { description: 'Gluten (wheat, barley, rye)' }, DAIRY: { description: 'Milk and milk products' },
    EGG: { description: 'Egg' }, PEANUT: { description: 'Peanut' }, TREE_NUT: { description: 'Tree nuts' },
    SOY: { description: 'Soy' }, FISH: { description: 'Fish' }, SHELLFISH: { description: 'Shellfish' },
    SESAME: { description: 'Sesame' },
  },
});
registerEnumType(ConsultationStatusEnum, {
  name: 'ConsultationStatus',
  description: 'Where a consultation stands',
  valuesConfig: {
    IN_PROGRESS: { description: 'Answers can still change' },
    COMPLETED: { description: 'Completed; its program was generated' },
  },
});

@InputType({ description: 'A recent hard set of a library exercise: starting loads come from its estimated 1RM' })
export class LiftInput {
  @Field(() => String, { description: 'Exercise library id' }) exerciseId!: string;
  @Field(() => Float, { description: '1-500' }) weightKg!: number;
  @Field(() => Int, { description: '1-12' }) reps!: number;
}

@ObjectType({ description: 'A recent hard set of a library exercise' })
export class Lift {
  @Field(() => String, { description: 'Exercise library id' }) exerciseId!: string;
  @Field(() => Float, { description: 'Load in kg' }) weightKg!: number;
  @Field(() => Int, { description: 'Reps done' }) reps!: number;
}

/** The answers, all optional: a draft fills them over several calls; null clears an optional one. */
@InputType({ description: 'Consultation answers; omitted fields are left as they are, null clears an answer' })
export class ConsultationAnswersInput {
  @Field(() => SexEnum, { nullable: true, description: 'Sex, for the BMR equations' }) sex?: SexEnum | null;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'YYYY-MM-DD; age 16-90' }) birthDate?: string | null;
  @Field(() => Float, { nullable: true, description: '120-230' }) heightCm?: number | null;
  @Field(() => Float, { nullable: true, description: '35-300' }) weightKg?: number | null;
  @Field(() => Float, { nullable: true, description: '3-60, optional' }) bodyFatPct?: number | null;
  @Field(() => GoalEnum, { nullable: true, description: 'What the program aims at' }) goal?: GoalEnum | null;
  @Field(() => Float, { nullable: true, description: 'Percent of body weight per week: 0.25-1.0 for FAT_LOSS (default 0.5), 0.1-0.5 for MUSCLE_GAIN' })
  targetRatePctPerWeek?: number | null;
  @Field(() => ExperienceEnum, { nullable: true, description: 'Resistance training experience' }) experience?: ExperienceEnum | null;
  @Field(() => Int, { nullable: true, description: '1-7, equal to the number of preferredWeekdays' }) trainingDaysPerWeek?: number | null;
  @Field(() => [WeekdayEnum], { nullable: true, description: 'Days to train on' }) preferredWeekdays?: WeekdayEnum[] | null;
  @Field(() => Int, { nullable: true, description: '20-180' }) sessionMinutes?: number | null;
  @Field(() => [EquipmentEnum], { nullable: true, description: 'Empty means bodyweight only' }) equipment?: EquipmentEnum[] | null;
  @Field(() => [InjuryAreaEnum], { nullable: true, description: 'Body areas to spare' }) injuries?: InjuryAreaEnum[] | null;
  @Field(() => [String], { nullable: true, description: 'Exercise library ids to leave out' }) excludedExercises?: string[] | null;
  @Field(() => ActivityLevelEnum, { nullable: true, description: 'Daily activity outside training' }) activityLevel?: ActivityLevelEnum | null;
  @Field(() => DietTypeEnum, { nullable: true, description: 'Which foods your diet allows' }) dietType?: DietTypeEnum | null;
  @Field(() => [AllergenEnum], { nullable: true, description: 'Allergens to leave out' }) allergies?: AllergenEnum[] | null;
  @Field(() => [String], { nullable: true, description: 'Food catalog ids to leave out' }) excludedFoods?: string[] | null;
  @Field(() => Int, { nullable: true, description: '2-6' }) mealsPerDay?: number | null;
  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. Europe/Paris' }) timeZone?: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The first day of the program: today to 90 days ahead' })
  startDate?: string | null;
  @Field(() => Int, { nullable: true, description: '4-24' }) programWeeks?: number | null;
  @Field(() => [LiftInput], { nullable: true, description: 'Optional: recent sets, for starting loads' }) lifts?: LiftInput[] | null;
}

@ObjectType({ description: 'Answers given so far' })
export class ConsultationAnswers {
  @Field(() => SexEnum, { nullable: true, description: 'Sex' }) sex!: SexEnum | null;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Date of birth' }) birthDate!: string | null;
  @Field(() => Float, { nullable: true, description: 'Height in cm' }) heightCm!: number | null;
  @Field(() => Float, { nullable: true, description: 'Body weight in kg' }) weightKg!: number | null;
  @Field(() => Float, { nullable: true, description: 'Body fat percent, if known' }) bodyFatPct!: number | null;
  @Field(() => GoalEnum, { nullable: true, description: 'What the program aims at' }) goal!: GoalEnum | null;
  @Field(() => Float, { nullable: true, description: 'Percent of body weight to lose or gain per week' }) targetRatePctPerWeek!: number | null;
  @Field(() => ExperienceEnum, { nullable: true, description: 'Resistance training experience' }) experience!: ExperienceEnum | null;
  @Field(() => Int, { nullable: true, description: 'Training days per week' }) trainingDaysPerWeek!: number | null;
  @Field(() => [WeekdayEnum], { description: 'Days to train on' }) preferredWeekdays!: WeekdayEnum[];
  @Field(() => Int, { nullable: true, description: 'Minutes per session' }) sessionMinutes!: number | null;
  @Field(() => [EquipmentEnum], { description: 'Equipment available (empty: bodyweight only)' }) equipment!: EquipmentEnum[];
  @Field(() => [InjuryAreaEnum], { description: 'Body areas to spare' }) injuries!: InjuryAreaEnum[];
  @Field(() => [String], { description: 'Exercise library ids left out' }) excludedExercises!: string[];
  @Field(() => ActivityLevelEnum, { nullable: true, description: 'Daily activity outside training' }) activityLevel!: ActivityLevelEnum | null;
  @Field(() => DietTypeEnum, { nullable: true, description: 'Which foods your diet allows' }) dietType!: DietTypeEnum | null;
  @Field(() => [AllergenEnum], { description: 'Allergens left out' }) allergies!: AllergenEnum[];
  @Field(() => [String], { description: 'Food catalog ids left out' }) excludedFoods!: string[];
  @Field(() => Int, { nullable: true, description: 'Meals per day' }) mealsPerDay!: number | null;
  @Field(() => String, { nullable: true, description: 'IANA time zone: your days are local to it' }) timeZone!: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'First day of the program' }) startDate!: string | null;
  @Field(() => Int, { nullable: true, description: 'Program length in weeks' }) programWeeks!: number | null;
  @Field(() => [Lift], { description: 'Recent sets, for starting loads' }) lifts!: Lift[];
}

@ObjectType({ description: 'A consultation: the answers a program is generated from' })
export class Consultation {
  @Field(() => ID, { description: 'Consultation id' }) id!: string;
  @Field(() => ConsultationStatusEnum, { description: 'Where it stands' }) status!: ConsultationStatusEnum;
  @Field(() => Int, { description: 'Stream version: pass it as expectedVersion to update only what you have seen' })
  version!: number;
  @Field(() => ConsultationAnswers, { description: 'Answers given so far' }) answers!: ConsultationAnswers;
  @Field(() => [String], { description: 'Answers still needed before completeConsultation' }) missingAnswers!: string[];
  @Field(() => Date, { description: 'When it was started' }) createdAt!: Date;
  @Field(() => Date, { description: 'When it last changed' }) updatedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it was completed' }) completedAt!: Date | null;
}
