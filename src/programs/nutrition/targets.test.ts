import {
  ageOn,
  bmr,
  katchMcArdleBmr,
  leanMassKg,
  macroSplit,
  mifflinStJeorBmr,
  nutritionTargets,
  floorRateWarning,
  proteinReferenceMassKg,
  rateOutlook,
  tdee,
  type ActivityLevel,
  type NutritionGoal,
  type NutritionTargets,
  type NutritionTargetsInput,
} from './targets';

const macroKcal = (t: Pick<NutritionTargets, 'proteinG' | 'fatG' | 'carbsG'>): number =>
  4 * t.proteinG + 9 * t.fatG + 4 * t.carbsG;

describe('BMR formulas', () => {
  it('Mifflin-St Jeor, man: 10*80 + 6.25*180 - 5*30 + 5 = 800 + 1125 - 150 + 5 = 1780', () => {
    expect(mifflinStJeorBmr({ sex: 'MALE', weightKg: 80, heightCm: 180, ageYears: 30 })).toBe(1780);
  });

  it('Mifflin-St Jeor, woman: 10*60 + 6.25*165 - 5*25 - 161 = 600 + 1031.25 - 125 - 161 = 1345.25', () => {
    expect(mifflinStJeorBmr({ sex: 'FEMALE', weightKg: 60, heightCm: 165, ageYears: 25 })).toBeCloseTo(1345.25, 9);
  });

  it('Katch-McArdle: 90 kg at 20 % fat -> lean 72 kg -> 370 + 21.6*72 = 1925.2', () => {
    expect(leanMassKg(90, 20)).toBeCloseTo(72, 9);
    expect(katchMcArdleBmr(72)).toBeCloseTo(1925.2, 9);
  });

  it('bmr() uses Katch-McArdle only when body fat is known', () => {
    const base = { sex: 'MALE' as const, weightKg: 90, heightCm: 185, ageYears: 40 };
    expect(bmr({ ...base, bodyFatPct: 20 })).toEqual({ kcal: expect.closeTo(1925.2, 9), formula: 'KATCH_MCARDLE' });
    // 900 + 1156.25 - 200 + 5 = 1861.25
    expect(bmr({ ...base, bodyFatPct: null })).toEqual({ kcal: 1861.25, formula: 'MIFFLIN_ST_JEOR' });
    expect(bmr(base)).toEqual({ kcal: 1861.25, formula: 'MIFFLIN_ST_JEOR' });
  });

  it('TDEE multiplies by the activity factor', () => {
    expect(tdee(1000, 'SEDENTARY')).toBeCloseTo(1200, 9);
    expect(tdee(1000, 'LIGHT')).toBeCloseTo(1375, 9);
    expect(tdee(1000, 'MODERATE')).toBeCloseTo(1550, 9);
    expect(tdee(1000, 'VERY_ACTIVE')).toBeCloseTo(1725, 9);
    expect(tdee(1000, 'EXTRA_ACTIVE')).toBeCloseTo(1900, 9);
  });
});

describe('nutritionTargets worked examples', () => {
  it('30 y, 80 kg, 180 cm man, MODERATE, fat loss at 0.5 %/week', () => {
    // BMR  = 800 + 1125 - 150 + 5 = 1780 (Mifflin)
    // TDEE = 1780 * 1.55 = 2759
    // deficit = 80 * 0.005 * 7700 / 7 = 0.4 * 1100 = 440  -> target 2319 (floor max(1780,1500) not hit)
    // protein = 2.2 * 80 = 176 g (704 kcal)
    // fat = 2319 * 0.25 = 579.75 kcal / 9 = 64.4 -> 64 g (576 kcal)
    // carbs = (2319 - 704 - 576) / 4 = 1039 / 4 = 259.75 -> 260 g (1040 kcal); total 2320
    // fibre = 2319 * 14 / 1000 = 32.5 -> 32 g
    const r = nutritionTargets({
      sex: 'MALE', ageYears: 30, heightCm: 180, weightKg: 80,
      activityLevel: 'MODERATE', goal: 'FAT_LOSS', targetRatePctPerWeek: 0.5,
    });
    expect(r).toEqual({
      bmrKcal: 1780, bmrFormula: 'MIFFLIN_ST_JEOR', tdeeKcal: 2759, targetKcal: 2319, floorApplied: false,
      proteinG: 176, fatG: 64, carbsG: 260, fibreG: 32, dailyDeltaKcal: -440,
    });
    expect(macroKcal(r)).toBe(2320);
  });

  it('the default fat-loss rate is 0.5 %/week', () => {
    const base: NutritionTargetsInput = {
      sex: 'MALE', ageYears: 30, heightCm: 180, weightKg: 80, activityLevel: 'MODERATE', goal: 'FAT_LOSS',
    };
    const explicit = nutritionTargets({ ...base, targetRatePctPerWeek: 0.5 });
    expect(nutritionTargets(base)).toEqual(explicit);
    expect(nutritionTargets({ ...base, targetRatePctPerWeek: null })).toEqual(explicit);
  });

  it('25 y, 60 kg, 165 cm woman, LIGHT, maintenance', () => {
    // BMR  = 600 + 1031.25 - 125 - 161 = 1345.25 -> 1345
    // TDEE = 1345.25 * 1.375 = 1849.72 -> 1850 = target
    // protein = 1.6 * 60 = 96 g (384)
    // fat = 1850 * 0.25 = 462.5 / 9 = 51.4 -> 51 g (459)
    // carbs = (1850 - 384 - 459) / 4 = 1007 / 4 = 251.75 -> 252 g (1008); total 1851
    // fibre = 1850 * 0.014 = 25.9 -> 26
    const r = nutritionTargets({
      sex: 'FEMALE', ageYears: 25, heightCm: 165, weightKg: 60, activityLevel: 'LIGHT', goal: 'MAINTENANCE',
    });
    expect(r).toEqual({
      bmrKcal: 1345, bmrFormula: 'MIFFLIN_ST_JEOR', tdeeKcal: 1850, targetKcal: 1850, floorApplied: false,
      proteinG: 96, fatG: 51, carbsG: 252, fibreG: 26, dailyDeltaKcal: 0,
    });
  });

  it('Katch-McArdle: 40 y, 90 kg, 185 cm man at 20 % fat, VERY_ACTIVE, performance', () => {
    // lean = 72 kg; BMR = 370 + 21.6 * 72 = 1925.2 -> 1925
    // TDEE = 1925.2 * 1.725 = 3320.97 -> 3321 = target
    // protein = 1.6 * 90 = 144 g (576)
    // fat = 3321 * 0.25 = 830.25 / 9 = 92.25 -> 92 g (828)
    // carbs = (3321 - 576 - 828) / 4 = 1917 / 4 = 479.25 -> 479 g (1916); total 3320
    // fibre = 3321 * 0.014 = 46.49 -> 46
    const r = nutritionTargets({
      sex: 'MALE', ageYears: 40, heightCm: 185, weightKg: 90, bodyFatPct: 20,
      activityLevel: 'VERY_ACTIVE', goal: 'PERFORMANCE',
    });
    expect(r).toEqual({
      bmrKcal: 1925, bmrFormula: 'KATCH_MCARDLE', tdeeKcal: 3321, targetKcal: 3321, floorApplied: false,
      proteinG: 144, fatG: 92, carbsG: 479, fibreG: 46, dailyDeltaKcal: 0,
    });
  });

  it('floor 1200: 30 y, 50 kg, 155 cm woman, SEDENTARY, fat loss at 1 %/week', () => {
    // BMR  = 500 + 968.75 - 150 - 161 = 1157.75 -> 1158
    // TDEE = 1157.75 * 1.2 = 1389.3 -> 1389
    // deficit = 50 * 0.01 * 7700 / 7 = 550 -> 839.3 < max(1157.75, 1200) -> 1200, floor applied
    // protein = 2.2 * 50 = 110 g (440 kcal, 36.7 %) > the 35 % cap: 420 / 4 = 105 g (420);
    // fat = 300 / 9 = 33.3 -> 33 g (297); carbs = (1200 - 420 - 297) / 4 = 120.75 -> 121 g; fibre = 16.8 -> 17
    const r = nutritionTargets({
      sex: 'FEMALE', ageYears: 30, heightCm: 155, weightKg: 50,
      activityLevel: 'SEDENTARY', goal: 'FAT_LOSS', targetRatePctPerWeek: 1,
    });
    expect(r).toEqual({
      bmrKcal: 1158, bmrFormula: 'MIFFLIN_ST_JEOR', tdeeKcal: 1389, targetKcal: 1200, floorApplied: true,
      proteinG: 105, fatG: 33, carbsG: 121, fibreG: 17, dailyDeltaKcal: -189,
    });
  });

  it('floor at BMR: 35 y, 55 kg, 160 cm woman, SEDENTARY, fat loss at 1 %/week', () => {
    // BMR  = 550 + 1000 - 175 - 161 = 1214 (> 1200, so BMR is the floor)
    // TDEE = 1214 * 1.2 = 1456.8 -> 1457
    // deficit = 0.55 * 1100 = 605 -> 851.8 < 1214 -> 1214, floor applied, delta = 1214 - 1457 = -243
    // protein 2.2 * 55 = 121 g (484 kcal, 39.9 %) > the 35 % cap: 424.9 / 4 = 106.2 -> 106 g (424);
    // fat = 303.5 / 9 = 33.7 -> 34 g (306); carbs = (1214 - 424 - 306) / 4 = 121
    const r = nutritionTargets({
      sex: 'FEMALE', ageYears: 35, heightCm: 160, weightKg: 55,
      activityLevel: 'SEDENTARY', goal: 'FAT_LOSS', targetRatePctPerWeek: 1,
    });
    expect(r).toMatchObject({
      bmrKcal: 1214, tdeeKcal: 1457, targetKcal: 1214, floorApplied: true, dailyDeltaKcal: -243,
      proteinG: 106, fatG: 34, carbsG: 121, fibreG: 17,
    });
  });

  it('floor above TDEE: very small sedentary woman -> 1200 even though that is over TDEE', () => {
    // BMR = 450 + 937.5 - 300 - 161 = 926.5 -> 927; TDEE = 1111.8 -> 1112; target 1200 (+88)
    const r = nutritionTargets({
      sex: 'FEMALE', ageYears: 60, heightCm: 150, weightKg: 45,
      activityLevel: 'SEDENTARY', goal: 'FAT_LOSS', targetRatePctPerWeek: 1,
    });
    expect(r).toMatchObject({ bmrKcal: 927, tdeeKcal: 1112, targetKcal: 1200, floorApplied: true, dailyDeltaKcal: 88 });
  });

  it('men are floored at 1500', () => {
    // BMR = 550 + 1000 - 350 + 5 = 1205; TDEE = 1446; 1 %/week deficit 605 -> 841 -> 1500
    const r = nutritionTargets({
      sex: 'MALE', ageYears: 70, heightCm: 160, weightKg: 55,
      activityLevel: 'SEDENTARY', goal: 'FAT_LOSS', targetRatePctPerWeek: 1,
    });
    expect(r).toMatchObject({ bmrKcal: 1205, tdeeKcal: 1446, targetKcal: 1500, floorApplied: true, dailyDeltaKcal: 54 });
  });

  it('muscle gain: 25 y, 75 kg, 178 cm man, MODERATE, default 0.25 %/week', () => {
    // BMR  = 750 + 1112.5 - 125 + 5 = 1742.5 -> 1743
    // TDEE = 1742.5 * 1.55 = 2700.875 -> 2701
    // surplus = 75 * 0.0025 * 7700 / 7 = 0.1875 * 1100 = 206.25 -> 2907.125 -> 2907; delta 2907 - 2701 = 206
    // protein = 1.6 * 75 = 120 g (480)
    // fat = 2907 * 0.25 = 726.75 / 9 = 80.75 -> 81 g (729)
    // carbs = (2907 - 480 - 729) / 4 = 1698 / 4 = 424.5 -> 425 g (1700); total 2909
    // fibre = 2907 * 0.014 = 40.7 -> 41
    const r = nutritionTargets({
      sex: 'MALE', ageYears: 25, heightCm: 178, weightKg: 75, activityLevel: 'MODERATE', goal: 'MUSCLE_GAIN',
    });
    expect(r).toEqual({
      bmrKcal: 1743, bmrFormula: 'MIFFLIN_ST_JEOR', tdeeKcal: 2701, targetKcal: 2907, floorApplied: false,
      proteinG: 120, fatG: 81, carbsG: 425, fibreG: 41, dailyDeltaKcal: 206,
    });
  });

  it('muscle gain at 0.5 %/week doubles the surplus: 75 * 0.005 * 1100 = 412.5', () => {
    const r = nutritionTargets({
      sex: 'MALE', ageYears: 25, heightCm: 178, weightKg: 75,
      activityLevel: 'MODERATE', goal: 'MUSCLE_GAIN', targetRatePctPerWeek: 0.5,
    });
    // 2700.875 + 412.5 = 3113.375 -> 3113
    expect(r.targetKcal).toBe(3113);
  });

  it('recomposition: 10 % below TDEE with the deficit protein target', () => {
    // TDEE 2759 * 0.9 = 2483.1 -> 2483; protein 2.2 * 80 = 176
    const r = nutritionTargets({
      sex: 'MALE', ageYears: 30, heightCm: 180, weightKg: 80, activityLevel: 'MODERATE', goal: 'RECOMPOSITION',
    });
    expect(r).toMatchObject({ tdeeKcal: 2759, targetKcal: 2483, dailyDeltaKcal: -276, proteinG: 176, floorApplied: false });
  });

  it('the rate is ignored for goals without one', () => {
    const base: NutritionTargetsInput = {
      sex: 'MALE', ageYears: 30, heightCm: 180, weightKg: 80, activityLevel: 'MODERATE', goal: 'MAINTENANCE',
    };
    expect(nutritionTargets({ ...base, targetRatePctPerWeek: 5 })).toEqual(nutritionTargets(base));
    expect(nutritionTargets(base).targetKcal).toBe(2759);
  });
});

describe('protein for high body fat, and the cap as a share of energy', () => {
  it('obese, body fat unknown: 2.2 g/kg of the adjusted reference mass, not of 140 kg', () => {
    // 40 y, 175 cm, 140 kg man, MODERATE, fat loss 0.5 %/week.
    // BMR = 1400 + 1093.75 - 200 + 5 = 2298.75; TDEE = 3563.06; deficit 140 * 0.005 * 1100 = 770 -> 2793
    // reference mass at BMI 25 = 25 * 1.75^2 = 76.5625 kg; adjusted = 76.5625 + 0.25 * (140 - 76.5625)
    // = 92.42 kg; protein = 2.2 * 92.42 = 203.3 -> 203 g (29 % of energy; 2.2 * 140 would be 308 g, 44 %)
    const r = nutritionTargets({
      sex: 'MALE', ageYears: 40, heightCm: 175, weightKg: 140,
      activityLevel: 'MODERATE', goal: 'FAT_LOSS', targetRatePctPerWeek: 0.5,
    });
    expect(r).toMatchObject({ targetKcal: 2793, proteinG: 203 });
    expect(proteinReferenceMassKg({ sex: 'MALE', heightCm: 175, weightKg: 140 })).toBeCloseTo(92.421875, 9);
    expect(Math.abs(macroKcal(r) - r.targetKcal)).toBeLessThanOrEqual(10);
  });

  it('obese, body fat known: the lean mass at 25 % fat, then the 35 % cap', () => {
    // 140 kg man at 45 % fat: lean 77 kg; reference = 77 / (1 - 0.25) = 102.67 kg -> 2.2 * 102.67 = 225.9 g
    // BMR = 370 + 21.6 * 77 = 2033.2; TDEE = 3151.46; - 770 = 2381; cap 35 % = 833.35 kcal -> 208 g
    // fat = 595.25 / 9 = 66.1 -> 66 g (594); carbs = (2381 - 832 - 594) / 4 = 238.75 -> 239 g
    const r = nutritionTargets({
      sex: 'MALE', ageYears: 40, heightCm: 175, weightKg: 140, bodyFatPct: 45,
      activityLevel: 'MODERATE', goal: 'FAT_LOSS', targetRatePctPerWeek: 0.5,
    });
    expect(r).toMatchObject({ bmrFormula: 'KATCH_MCARDLE', targetKcal: 2381, proteinG: 208, fatG: 66, carbsG: 239 });
    expect(proteinReferenceMassKg({ sex: 'MALE', heightCm: 175, weightKg: 140, bodyFatPct: 45 })).toBeCloseTo(102.6667, 3);
  });

  it('lean people with a known body fat keep 2.2 g/kg of their total weight', () => {
    // 90 kg at 20 % fat: lean 72 kg; 72 / 0.75 = 96 kg > 90 kg, so the total weight is used.
    expect(proteinReferenceMassKg({ sex: 'MALE', heightCm: 185, weightKg: 90, bodyFatPct: 20 })).toBe(90);
    // 60 kg woman at 30 % fat: lean 42 kg; 42 / 0.68 = 61.8 kg > 60 kg.
    expect(proteinReferenceMassKg({ sex: 'FEMALE', heightCm: 165, weightKg: 60, bodyFatPct: 30 })).toBe(60);
  });

  it('older: 75 y, 165 cm, 95 kg woman at the energy floor gets PROT-AGE protein within 35 % of energy', () => {
    // BMR = 950 + 1031.25 - 375 - 161 = 1445.25 = floored target (TDEE 1734.3 - 522.5 = 1211.8 < BMR)
    // reference 25 * 1.65^2 = 68.06 kg; adjusted 68.06 + 0.25 * 26.94 = 74.8 kg; 2.2 * 74.8 = 164.5 g (46 %)
    // cap 35 % = 505.8 kcal -> 126.5 -> 126 g (2.2 * 95 = 209 g would be 58 % of energy)
    const r = nutritionTargets({
      sex: 'FEMALE', ageYears: 75, heightCm: 165, weightKg: 95,
      activityLevel: 'SEDENTARY', goal: 'FAT_LOSS', targetRatePctPerWeek: 0.5,
    });
    expect(r).toMatchObject({ targetKcal: 1445, floorApplied: true, proteinG: 126 });
    // PROT-AGE (Bauer et al. 2013): older adults who exercise need at least 1.2 g/kg of body weight.
    expect(r.proteinG / 95).toBeGreaterThanOrEqual(1.2);
  });

  it('older and lean: 70 y, 160 cm, 55 kg man keeps 2.2 g/kg, capped at 35 % of the 1500 kcal floor', () => {
    // 2.2 * 55 = 121 g = 484 kcal = 32.3 % of 1500: under the cap.
    const r = nutritionTargets({
      sex: 'MALE', ageYears: 70, heightCm: 160, weightKg: 55,
      activityLevel: 'SEDENTARY', goal: 'FAT_LOSS', targetRatePctPerWeek: 1,
    });
    expect(r).toMatchObject({ targetKcal: 1500, proteinG: 121 });
  });

  it('extreme: 250 kg, 150 cm, 90 y woman', () => {
    // BMR = 2500 + 937.5 - 450 - 161 = 2826.5 -> floored target 2827
    // reference 56.25 kg; adjusted 56.25 + 0.25 * 193.75 = 104.69 kg; 2.2 * 104.69 = 230.3 g (32.6 %) -> 230 g
    // fat 25 % = 706.75 / 9 = 78.5 -> 79 g (711); carbs = (2827 - 920 - 711) / 4 = 299 g
    const r = nutritionTargets({
      sex: 'FEMALE', ageYears: 90, heightCm: 150, weightKg: 250,
      activityLevel: 'SEDENTARY', goal: 'FAT_LOSS', targetRatePctPerWeek: 1,
    });
    expect(r).toMatchObject({ targetKcal: 2827, floorApplied: true, proteinG: 230, fatG: 79, carbsG: 299 });
    expect(Math.abs(macroKcal(r) - r.targetKcal)).toBeLessThanOrEqual(10);
  });

  it('extreme: 200 kg at 60 % fat -> protein capped at 35 % of energy', () => {
    // lean 80 kg; BMR = 370 + 1728 = 2098 = floored target; reference 80 / 0.75 = 106.7 kg -> 234.7 g wanted
    // cap 0.35 * 2098 = 734.3 kcal -> 183.6 -> 184 g (736); fat 524.5 / 9 = 58.3 -> 58 g (522); carbs 840 / 4 = 210
    const r = nutritionTargets({
      sex: 'MALE', ageYears: 40, heightCm: 180, weightKg: 200, bodyFatPct: 60,
      activityLevel: 'SEDENTARY', goal: 'FAT_LOSS', targetRatePctPerWeek: 1,
    });
    expect(r).toMatchObject({ bmrKcal: 2098, targetKcal: 2098, proteinG: 184, fatG: 58, carbsG: 210 });
    expect(Math.abs(macroKcal(r) - r.targetKcal)).toBeLessThanOrEqual(10);
  });

  it('macroSplit on its own', () => {
    // protein 1.6 * 70 = 112 g (448); fat 500 / 9 = 55.6 -> 56 g (504); carbs 1048 / 4 = 262 g; total 2000
    expect(macroSplit(2000, 70, 'MAINTENANCE')).toEqual({ proteinG: 112, fatG: 56, carbsG: 262 });
  });
});

describe('input validation', () => {
  const base: NutritionTargetsInput = {
    sex: 'MALE', ageYears: 30, heightCm: 180, weightKg: 80, activityLevel: 'MODERATE', goal: 'FAT_LOSS',
  };

  it.each([0.2, 0.24, 1.01, 2, 0, -0.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'FAT_LOSS rate %p is a RangeError naming targetRatePctPerWeek',
    (rate) => {
      expect(() => nutritionTargets({ ...base, targetRatePctPerWeek: rate })).toThrow(RangeError);
      expect(() => nutritionTargets({ ...base, targetRatePctPerWeek: rate })).toThrow(/targetRatePctPerWeek/);
    },
  );

  it.each([0.25, 1.0])('FAT_LOSS rate %p (boundary) is allowed', (rate) => {
    expect(() => nutritionTargets({ ...base, targetRatePctPerWeek: rate })).not.toThrow();
  });

  it.each([0.05, 0.51, 1])('MUSCLE_GAIN rate %p is a RangeError naming targetRatePctPerWeek', (rate) => {
    expect(() => nutritionTargets({ ...base, goal: 'MUSCLE_GAIN', targetRatePctPerWeek: rate })).toThrow(
      /targetRatePctPerWeek/,
    );
  });

  it.each([0.1, 0.5])('MUSCLE_GAIN rate %p (boundary) is allowed', (rate) => {
    expect(() => nutritionTargets({ ...base, goal: 'MUSCLE_GAIN', targetRatePctPerWeek: rate })).not.toThrow();
  });

  it('rejects non-physical body measures', () => {
    expect(() => nutritionTargets({ ...base, weightKg: 0 })).toThrow(/weightKg/);
    expect(() => nutritionTargets({ ...base, heightCm: Number.NaN })).toThrow(/heightCm/);
    expect(() => nutritionTargets({ ...base, ageYears: -1 })).toThrow(/ageYears/);
    expect(() => nutritionTargets({ ...base, bodyFatPct: 0 })).toThrow(/bodyFatPct/);
    expect(() => nutritionTargets({ ...base, bodyFatPct: 100 })).toThrow(/bodyFatPct/);
    expect(() => nutritionTargets({ ...base, activityLevel: 'COUCH' as ActivityLevel })).toThrow(RangeError);
    expect(() => nutritionTargets({ ...base, goal: 'BULK' as NutritionGoal })).toThrow(RangeError);
  });
});

describe('ageOn', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('1990-06-15', '2020-06-14')).toBe(29);
    expect(ageOn('1990-06-15', '2020-06-15')).toBe(30);
    expect(ageOn('1990-06-15', '2020-06-16')).toBe(30);
    expect(ageOn('1990-12-31', '2021-01-01')).toBe(30);
    expect(ageOn('1990-01-01', '2020-12-31')).toBe(30);
    expect(ageOn('2020-05-05', '2020-05-05')).toBe(0);
  });

  it('29 February birthdays turn over on 1 March in common years', () => {
    expect(ageOn('2000-02-29', '2023-02-28')).toBe(22);
    expect(ageOn('2000-02-29', '2023-03-01')).toBe(23);
    expect(ageOn('2000-02-29', '2024-02-28')).toBe(23);
    expect(ageOn('2000-02-29', '2024-02-29')).toBe(24);
    expect(ageOn('2000-02-28', '2023-02-28')).toBe(23);
  });

  it('rejects malformed, impossible and reversed dates', () => {
    expect(() => ageOn('2023-02-29', '2024-01-01')).toThrow(RangeError);
    expect(() => ageOn('1900-02-29', '2024-01-01')).toThrow(RangeError); // 1900 was not a leap year
    expect(() => ageOn('2000-13-01', '2024-01-01')).toThrow(RangeError);
    expect(() => ageOn('2000-04-31', '2024-01-01')).toThrow(RangeError);
    expect(() => ageOn('2000-1-01', '2024-01-01')).toThrow(RangeError);
    expect(() => ageOn('2000-01-01T00:00:00Z', '2024-01-01')).toThrow(RangeError);
    expect(() => ageOn('2000-01-02', '2000-01-01')).toThrow(/before/);
    expect(ageOn('1600-02-29', '1601-03-01')).toBe(1); // 1600 was a leap year
  });
});

describe('properties over generated inputs', () => {
  // Deterministic PRNG (mulberry32) so failures are reproducible.
  function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const rand = mulberry32(20240229);
  const between = (lo: number, hi: number): number => lo + (hi - lo) * rand();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const activities: ActivityLevel[] = ['SEDENTARY', 'LIGHT', 'MODERATE', 'VERY_ACTIVE', 'EXTRA_ACTIVE'];
  const goals: NutritionGoal[] = ['FAT_LOSS', 'MUSCLE_GAIN', 'RECOMPOSITION', 'MAINTENANCE', 'PERFORMANCE'];

  function generate(): NutritionTargetsInput {
    const goal = pick(goals);
    const rate =
      rand() < 0.3 ? null
      : goal === 'FAT_LOSS' ? between(0.25, 1)
      : goal === 'MUSCLE_GAIN' ? between(0.1, 0.5)
      : undefined;
    return {
      sex: pick(['MALE', 'FEMALE'] as const),
      ageYears: Math.floor(between(18, 95)),
      heightCm: between(140, 215),
      weightKg: between(38, 300),
      bodyFatPct: rand() < 0.5 ? null : between(4, 65),
      activityLevel: pick(activities),
      goal,
      targetRatePctPerWeek: rate,
    };
  }

  const cases = Array.from({ length: 5000 }, generate);

  it('macro energy (4/4/9) is within 10 kcal of the target, with sane, whole, non-negative parts', () => {
    for (const input of cases) {
      const r = nutritionTargets(input);
      const ctx = JSON.stringify({ input, r });
      if (Math.abs(macroKcal(r) - r.targetKcal) > 10) throw new Error(`macro energy off by > 10 kcal: ${ctx}`);
      for (const k of ['bmrKcal', 'tdeeKcal', 'targetKcal', 'proteinG', 'fatG', 'carbsG', 'fibreG'] as const) {
        if (!Number.isInteger(r[k]) || r[k] < 0) throw new Error(`${k} not a whole non-negative number: ${ctx}`);
      }
      if (r.targetKcal < r.bmrKcal) throw new Error(`target below BMR: ${ctx}`);
      if (r.targetKcal < (input.sex === 'MALE' ? 1500 : 1200)) throw new Error(`target below absolute floor: ${ctx}`);
      if (r.fatG * 9 < 0.2 * r.targetKcal - 4.5) throw new Error(`fat below 20 %: ${ctx}`);
      if (r.proteinG * 4 > 0.35 * r.targetKcal + 2) throw new Error(`protein above 35 % of energy: ${ctx}`);
      if (r.proteinG > 2.2 * input.weightKg + 0.5) throw new Error(`protein above 2.2 g/kg of body weight: ${ctx}`);
      if (r.dailyDeltaKcal !== r.targetKcal - r.tdeeKcal) throw new Error(`delta mismatch: ${ctx}`);
      if (input.goal === 'FAT_LOSS' && !r.floorApplied && r.dailyDeltaKcal >= 0) throw new Error(`no deficit: ${ctx}`);
      if (input.goal === 'MUSCLE_GAIN' && r.dailyDeltaKcal <= 0) throw new Error(`no surplus: ${ctx}`);
      if (r.fibreG !== Math.round((r.targetKcal * 14) / 1000)) throw new Error(`fibre: ${ctx}`);
      expect(r.bmrFormula).toBe(input.bodyFatPct == null ? 'MIFFLIN_ST_JEOR' : 'KATCH_MCARDLE');
    }
  });
});

describe('the rate the person will actually get (issue #10)', () => {
  it('a 140 kg sedentary man asking for 1 %/week is held at the floor and gets about 0.3 %', () => {
    // BMR = 1400 + 1125 - 200 + 5 = 2330 (the floor); TDEE = 2796; 1 % of 140 kg a week = 1540 kcal/day
    // -> 1256 < 2330: target 2330, delta -466 kcal/day = -466 / 1540 = -0.303 % a week.
    const basis = { goal: 'FAT_LOSS' as const, weightKg: 140, targetRatePctPerWeek: 1 };
    const t = nutritionTargets({ sex: 'MALE', ageYears: 40, heightCm: 180, activityLevel: 'SEDENTARY', ...basis });
    expect(t).toMatchObject({ bmrKcal: 2330, tdeeKcal: 2796, targetKcal: 2330, floorApplied: true });
    const outlook = rateOutlook(t, basis);
    expect(outlook).toEqual({ requestedRatePctPerWeek: -1, expectedRatePctPerWeek: -0.303, floorLimited: true });
    expect(floorRateWarning(t, outlook)).toBe(
      'The rate you asked for (a loss of 1 % of body weight a week) needs fewer calories than the safe minimum, ' +
      'so your target is held at 2330 kcal a day: expect a loss of 0.3 % of body weight a week instead.');
  });

  it('without the floor the expected rate is the requested one (to rounding) and there is no warning', () => {
    const basis = { goal: 'FAT_LOSS' as const, weightKg: 100, targetRatePctPerWeek: 0.5 };
    const t = nutritionTargets({ sex: 'MALE', ageYears: 30, heightCm: 185, activityLevel: 'MODERATE', ...basis });
    expect(t.floorApplied).toBe(false);
    const outlook = rateOutlook(t, basis)!;
    expect(outlook.requestedRatePctPerWeek).toBe(-0.5);
    expect(Math.abs(outlook.expectedRatePctPerWeek + 0.5)).toBeLessThan(0.001);
    expect(outlook.floorLimited).toBe(false);
    expect(floorRateWarning(t, outlook)).toBeNull();
  });

  it('a floor above TDEE turns maintenance into a small gain, and says so', () => {
    const basis = { goal: 'MAINTENANCE' as const, weightKg: 45, targetRatePctPerWeek: null };
    const t = nutritionTargets({ sex: 'FEMALE', ageYears: 60, heightCm: 150, activityLevel: 'SEDENTARY', ...basis });
    const outlook = rateOutlook(t, basis)!;
    // +88 kcal/day on 45 kg: 88 / (0.45 * 7700 / 7) = +0.178 % a week.
    expect(outlook).toEqual({ requestedRatePctPerWeek: 0, expectedRatePctPerWeek: 0.178, floorLimited: true });
    expect(floorRateWarning(t, outlook)).toMatch(/expect a gain of 0.18 %/);
  });

  it('reads as null when the basis is out of range', () => {
    expect(rateOutlook({ targetKcal: 2000, tdeeKcal: 2400, floorApplied: false }, { goal: 'FAT_LOSS', weightKg: 0, targetRatePctPerWeek: 0.5 })).toBeNull();
    expect(floorRateWarning({ targetKcal: 2000 }, null)).toBeNull();
  });
});
