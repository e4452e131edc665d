/**
 * Constants for nutrition targets (see ./targets.ts). Each number has a name and a source.
 * Where a value is our own choice within a published range, the comment says so.
 */

// ---------------------------------------------------------------------------
// Basal metabolic rate
// ---------------------------------------------------------------------------

/**
 * Mifflin-St Jeor resting energy expenditure (kcal/day):
 *   10 × weight(kg) + 6.25 × height(cm) − 5 × age(y) + 5 (men) / − 161 (women).
 * Source: Mifflin MD, St Jeor ST, Hill LA, Scott BJ, Daugherty SA, Koh YO. A new predictive
 * equation for resting energy expenditure in healthy individuals. Am J Clin Nutr.
 * 1990;51(2):241-247. (Derived from 498 healthy adults aged 19-78.)
 */
export const MIFFLIN_KCAL_PER_KG = 10;
export const MIFFLIN_KCAL_PER_CM = 6.25;
export const MIFFLIN_KCAL_PER_YEAR = 5; // subtracted
export const MIFFLIN_MALE_CONSTANT_KCAL = 5;
export const MIFFLIN_FEMALE_CONSTANT_KCAL = -161;

/**
 * Katch-McArdle: BMR (kcal/day) = 370 + 21.6 × lean (fat-free) mass (kg).
 * Source: McArdle WD, Katch FI, Katch VL. Exercise Physiology: Energy, Nutrition, and Human
 * Performance (textbook; the equation is given there). It is close to Cunningham JJ. A reanalysis
 * of the factors influencing basal metabolic rate in normal adults. Am J Clin Nutr.
 * 1980;33(11):2372-2374 (500 + 22 × lean mass).
 */
export const KATCH_MCARDLE_INTERCEPT_KCAL = 370;
export const KATCH_MCARDLE_KCAL_PER_KG_LEAN = 21.6;

// ---------------------------------------------------------------------------
// Activity multipliers (TDEE = BMR × factor)
// ---------------------------------------------------------------------------

/**
 * The conventional multipliers used with Harris-Benedict / Mifflin-St Jeor (e.g., as tabulated
 * in McArdle, Katch & Katch, Exercise Physiology). They are not part of Mifflin et al. 1990 and
 * are not from one primary study; compare the physical activity level (PAL) bands of
 * FAO/WHO/UNU. Human energy requirements. FAO Food and Nutrition Technical Report Series 1, 2004
 * (sedentary 1.40-1.69, active 1.70-1.99, vigorous 2.00-2.40; PAL is relative to BMR too).
 */
export const ACTIVITY_FACTOR_SEDENTARY = 1.2; // little or no exercise
export const ACTIVITY_FACTOR_LIGHT = 1.375; // light exercise 1-3 days/week
export const ACTIVITY_FACTOR_MODERATE = 1.55; // moderate exercise 3-5 days/week
export const ACTIVITY_FACTOR_VERY_ACTIVE = 1.725; // hard exercise 6-7 days/week
export const ACTIVITY_FACTOR_EXTRA_ACTIVE = 1.9; // very hard exercise or physical job

// ---------------------------------------------------------------------------
// Energy balance
// ---------------------------------------------------------------------------

/**
 * Energy per kg of body-mass change, ~7700 kcal/kg (the "3500 kcal per pound" rule).
 * Sources: Wishnofsky M. Caloric equivalents of gained or lost weight. Am J Clin Nutr.
 * 1958;6(5):542-546; Hall KD. What is the required energy deficit per unit weight loss?
 * Int J Obes. 2008;32(3):573-576 (discusses its limits: it is a static rule that overstates
 * long-term loss because expenditure adapts; fine for setting an initial daily target).
 */
export const KCAL_PER_KG_BODY_MASS = 7700;

export const DAYS_PER_WEEK = 7; // calendar

/**
 * Fat-loss rate, % of body weight per week.
 * Source: Helms ER, Aragon AA, Fitschen PJ. Evidence-based recommendations for natural
 * bodybuilding contest preparation: nutrition and supplementation. J Int Soc Sports Nutr.
 * 2014;11:20 — recommends losing 0.5-1.0 % of body weight per week. Default 0.5 (bottom of that
 * range, favouring lean-mass retention); the allowed minimum 0.25 is our product choice (a gentler
 * option), the maximum 1.0 is Helms's upper bound.
 */
export const FAT_LOSS_RATE_DEFAULT_PCT_PER_WEEK = 0.5;
export const FAT_LOSS_RATE_MIN_PCT_PER_WEEK = 0.25;
export const FAT_LOSS_RATE_MAX_PCT_PER_WEEK = 1.0;

/**
 * Muscle-gain rate, % of body weight per week; the surplus is derived from the rate with the same
 * 7700 kcal/kg factor (rate × weight × 7700 / 7 per day; e.g. 75 kg at 0.25 % → ~206 kcal/day,
 * in line with the commonly recommended +200-300 kcal "slow bulk").
 * Source: Iraki J, Fitschen P, Espinar S, Helms E. Nutrition recommendations for bodybuilders in
 * the off-season: a narrative review. Sports (Basel). 2019;7(7):154 — suggests gaining
 * 0.25-0.5 % of body weight per week. Default 0.25 (bottom, limits fat gain); the allowed
 * minimum 0.1 is our product choice (for advanced trainees), the maximum 0.5 is Iraki's top.
 */
export const MUSCLE_GAIN_RATE_DEFAULT_PCT_PER_WEEK = 0.25;
export const MUSCLE_GAIN_RATE_MIN_PCT_PER_WEEK = 0.1;
export const MUSCLE_GAIN_RATE_MAX_PCT_PER_WEEK = 0.5;

/**
 * Recomposition: a small deficit of 10 % of TDEE. This fraction is our design choice, not a
 * published figure: Barakat C, Pearson J, Escalante G, Campbell B, De Souza EO. Body
 * recomposition: can trained individuals build muscle and lose fat at the same time? Strength
 * Cond J. 2020;42(5):7-21 — reviews recomposition at maintenance or a slight deficit with high
 * protein and resistance training. 10 % is about half the deficit of our default fat-loss rate
 * for a typical adult (0.5 %/week ≈ 15-20 % of TDEE).
 */
export const RECOMPOSITION_DEFICIT_FRACTION_OF_TDEE = 0.1;

/**
 * Minimum energy target for self-directed dieting: the lower ends of the energy-restricted diets
 * in Jensen MD, Ryan DH, Apovian CM, et al. 2013 AHA/ACC/TOS guideline for the management of
 * overweight and obesity in adults. Circulation. 2014;129(25 Suppl 2):S102-S138
 * ("1200-1500 kcal/d for women and 1500-1800 kcal/d for men"). The target is also never below BMR
 * (our rule, common coaching practice).
 */
export const MIN_KCAL_FEMALE = 1200;
export const MIN_KCAL_MALE = 1500;

// ---------------------------------------------------------------------------
// Macronutrients
// ---------------------------------------------------------------------------

/**
 * Protein, g per kg of (total) body weight per day.
 * Morton RW, Murphy KT, McKellar SR, et al. A systematic review, meta-analysis and meta-regression
 * of the effect of protein supplementation on resistance training-induced gains in muscle mass and
 * strength in healthy adults. Br J Sports Med. 2018;52(6):376-384 — benefit plateaus at
 * ~1.6 g/kg/day (breakpoint 1.62; upper 95 % CI ~2.2).
 * In a deficit, the top: Helms ER, Zinn C, Rowlands DS, Brown SR. A systematic review of dietary
 * protein during caloric restriction in resistance trained lean athletes: a case for higher
 * intakes. Int J Sport Nutr Exerc Metab. 2014;24(2):127-138 (2.3-3.1 g/kg of fat-free mass,
 * which is about 2.0-2.8 g/kg of body weight for lean athletes; we use Morton's 2.2 g/kg).
 */
export const PROTEIN_G_PER_KG_DEFICIT = 2.2;
export const PROTEIN_G_PER_KG_DEFAULT = 1.6;

/**
 * The g/kg figures above were measured in lean, trained people; applied to the total weight of a
 * person with a high body fat they overshoot (2.2 g/kg of 140 kg is 308 g, about half of the
 * energy). Protein need follows fat-free mass, so it is dosed on a reference mass instead:
 * - body fat known: the weight this lean mass would have at the body fat where "obese" starts in
 *   the American Council on Exercise body-fat categories (25 % men, 32 % women; ACE Personal
 *   Trainer Manual, 5th ed., 2014), when that is below the actual weight;
 * - body fat unknown: the weight at a BMI of 25, the upper limit of the normal range (WHO.
 *   Obesity: preventing and managing the global epidemic. WHO Technical Report Series 894, 2000),
 *   plus a quarter of the weight above it, when the BMI is over 25: about a quarter of excess
 *   weight is fat-free mass (Forbes GB, Welle SL. Lean body mass in obesity. Int J Obes.
 *   1983;7(2):99-107); this is the "adjusted body weight" of clinical nutrition (e.g. Krenitsky J.
 *   Nutr Clin Pract. 2005;20(4):468-473).
 * People below these thresholds keep their total weight (nothing changes for them).
 */
export const PROTEIN_REFERENCE_BODY_FAT_PCT_MALE = 25;
export const PROTEIN_REFERENCE_BODY_FAT_PCT_FEMALE = 32;
export const PROTEIN_REFERENCE_BMI = 25;
export const EXCESS_WEIGHT_LEAN_FRACTION = 0.25;
export const CM_PER_M = 100;

/**
 * Protein at most 35 % of energy: the upper end of the Acceptable Macronutrient Distribution
 * Range for protein (10-35 %), Institute of Medicine, DRI report above (2005). It binds for small
 * or heavy people at the energy floor, where g/kg would crowd out fat and carbohydrate.
 */
export const PROTEIN_MAX_ENERGY_FRACTION = 0.35;

/**
 * Fat as a fraction of energy. The Acceptable Macronutrient Distribution Range for adults is
 * 20-35 %: Institute of Medicine. Dietary Reference Intakes for Energy, Carbohydrate, Fiber,
 * Fat, Fatty Acids, Cholesterol, Protein, and Amino Acids. Washington DC: National Academies
 * Press; 2005 (also Thomas DT, Erdman KA, Burke LM. ACSM/AND/DC joint position: Nutrition and
 * athletic performance. Med Sci Sports Exerc. 2016;48(3):543-568: 20-35 %).
 * 25 % is our default inside the range; 20 % is the floor we reduce to when protein + fat would
 * not fit into the energy target.
 */
export const FAT_FRACTION_DEFAULT = 0.25;
export const FAT_FRACTION_MIN = 0.2;

/**
 * Fibre Adequate Intake: 14 g per 1000 kcal. Institute of Medicine, DRI report above (2005);
 * Dietary Guidelines for Americans 2020-2025 (USDA/HHS), Appendix 1.
 */
export const FIBRE_G_PER_1000_KCAL = 14;
export const KCAL_PER_1000 = 1000;

/**
 * Atwater general factors, kcal per g. FAO. Food energy — methods of analysis and conversion
 * factors. FAO Food and Nutrition Paper 77. Rome; 2003.
 */
export const KCAL_PER_G_PROTEIN = 4;
export const KCAL_PER_G_CARBOHYDRATE = 4;
export const KCAL_PER_G_FAT = 9;

/** Tolerance for Σ macros × Atwater vs. the kcal target after rounding (our contract). */
export const MACRO_ENERGY_TOLERANCE_KCAL = 10;
