import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Program } from '../programs/program.types';

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

registerEnumType(SexEnum, { name: 'Sex' });
registerEnumType(GoalEnum, { name: 'Goal' });
registerEnumType(ExperienceEnum, { name: 'Experience' });
registerEnumType(ActivityLevelEnum, { name: 'ActivityLevel', description: 'Daily activity outside training, for the TDEE multiplier' });
registerEnumType(DietTypeEnum, { name: 'DietType' });
registerEnumType(WeekdayEnum, { name: 'Weekday' });
registerEnumType(EquipmentEnum, { name: 'Equipment' });
registerEnumType(InjuryAreaEnum, { name: 'InjuryArea' });
registerEnumType(AllergenEnum, { name: 'Allergen' });
registerEnumType(ConsultationStatusEnum, { name: 'ConsultationStatus' });

@InputType({ description: 'A recent hard set of a library exercise: starting loads come from its estimated 1RM' })
export class LiftInput {
  @Field(() => String, { description: 'Exercise library id' }) exerciseId!: string;
  @Field(() => Float, { description: '1-500' }) weightKg!: number;
  @Field(() => Int, { description: '1-12' }) reps!: number;
}

@ObjectType()
export class Lift {
  @Field(() => String) exerciseId!: string;
  @Field(() => Float) weightKg!: number;
  @Field(() => Int) reps!: number;
}

/** The answers, all optional: a draft fills them over several calls; null clears an optional one. */
@InputType({ description: 'Consultation answers; omitted fields are left as they are, null clears an answer' })
export class ConsultationAnswersInput {
  @Field(() => SexEnum, { nullable: true }) sex?: SexEnum | null;
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'YYYY-MM-DD; age 16-90' }) birthDate?: string | null;
  @Field(() => Float, { nullable: true, description: '120-230' }) heightCm?: number | null;
  @Field(() => Float, { nullable: true, description: '35-300' }) weightKg?: number | null;
  @Field(() => Float, { nullable: true, description: '3-60, optional' }) bodyFatPct?: number | null;
  @Field(() => GoalEnum, { nullable: true }) goal?: GoalEnum | null;
  @Field(() => Float, { nullable: true, description: 'Percent of body weight per week: 0.25-1.0 for FAT_LOSS (default 0.5), 0.1-0.5 for MUSCLE_GAIN' })
  targetRatePctPerWeek?: number | null;
  @Field(() => ExperienceEnum, { nullable: true }) experience?: ExperienceEnum | null;
  @Field(() => Int, { nullable: true, description: '1-7, equal to the number of preferredWeekdays' }) trainingDaysPerWeek?: number | null;
  @Field(() => [WeekdayEnum], { nullable: true }) preferredWeekdays?: WeekdayEnum[] | null;
  @Field(() => Int, { nullable: true, description: '20-180' }) sessionMinutes?: number | null;
  @Field(() => [EquipmentEnum], { nullable: true, description: 'Empty means bodyweight only' }) equipment?: EquipmentEnum[] | null;
  @Field(() => [InjuryAreaEnum], { nullable: true }) injuries?: InjuryAreaEnum[] | null;
  @Field(() => [String], { nullable: true, description: 'Exercise library ids to leave out' }) excludedExercises?: string[] | null;
  @Field(() => ActivityLevelEnum, { nullable: true }) activityLevel?: ActivityLevelEnum | null;
  @Field(() => DietTypeEnum, { nullable: true }) dietType?: DietTypeEnum | null;
  @Field(() => [AllergenEnum], { nullable: true }) allergies?: AllergenEnum[] | null;
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
  @Field(() => SexEnum, { nullable: true }) sex!: SexEnum | null;
  @Field(() => GraphQLLocalDate, { nullable: true }) birthDate!: string | null;
  @Field(() => Float, { nullable: true }) heightCm!: number | null;
  @Field(() => Float, { nullable: true }) weightKg!: number | null;
  @Field(() => Float, { nullable: true }) bodyFatPct!: number | null;
  @Field(() => GoalEnum, { nullable: true }) goal!: GoalEnum | null;
  @Field(() => Float, { nullable: true }) targetRatePctPerWeek!: number | null;
  @Field(() => ExperienceEnum, { nullable: true }) experience!: ExperienceEnum | null;
  @Field(() => Int, { nullable: true }) trainingDaysPerWeek!: number | null;
  @Field(() => [WeekdayEnum]) preferredWeekdays!: WeekdayEnum[];
  @Field(() => Int, { nullable: true }) sessionMinutes!: number | null;
  @Field(() => [EquipmentEnum]) equipment!: EquipmentEnum[];
  @Field(() => [InjuryAreaEnum]) injuries!: InjuryAreaEnum[];
  @Field(() => [String]) excludedExercises!: string[];
  @Field(() => ActivityLevelEnum, { nullable: true }) activityLevel!: ActivityLevelEnum | null;
  @Field(() => DietTypeEnum, { nullable: true }) dietType!: DietTypeEnum | null;
  @Field(() => [AllergenEnum]) allergies!: AllergenEnum[];
  @Field(() => [String]) excludedFoods!: string[];
  @Field(() => Int, { nullable: true }) mealsPerDay!: number | null;
  @Field(() => String, { nullable: true }) timeZone!: string | null;
  @Field(() => GraphQLLocalDate, { nullable: true }) startDate!: string | null;
  @Field(() => Int, { nullable: true }) programWeeks!: number | null;
  @Field(() => [Lift]) lifts!: Lift[];
}

@ObjectType()
export class Consultation {
  @Field(() => ID) id!: string;
  @Field(() => ConsultationStatusEnum) status!: ConsultationStatusEnum;
  @Field(() => Int, { description: 'Stream version: pass it as expectedVersion to update only what you have seen' })
  version!: number;
  @Field(() => ConsultationAnswers) answers!: ConsultationAnswers;
  @Field(() => [String], { description: 'Answers still needed before completeConsultation' }) missingAnswers!: string[];
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
  @Field(() => Date, { nullable: true }) completedAt!: Date | null;
}

@ObjectType()
export class CompleteConsultationPayload {
  @Field(() => Consultation) consultation!: Consultation;
  @Field(() => Program, { description: 'The program generated from the answers' }) program!: Program;
}
