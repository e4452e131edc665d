import { Sql } from '../core/db/sql';
import { EXERCISES, EXERCISE_LIBRARY_VERSION } from './exercises.data';
import { FOODS, FOOD_CATALOG_VERSION } from './foods.data';

export interface SeedReport {
  exercises: 'seeded' | 'current';
  foods: 'seeded' | 'current';
}

async function seedSet(
  sql: Sql,
  name: string,
  version: number,
  rows: readonly object[],
  insert: string,
): Promise<'seeded' | 'current'> {
  return sql.transaction(async (tx) => {
    // Two replicas starting together: the second waits and then finds the set current.
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`reference:${name}`]);
    const { rows: seeded } = await tx.query<{ version: number; row_count: number }>(
      'SELECT version, row_count FROM reference_data_versions WHERE name = $1',
      [name],
    );
    if (seeded[0]?.version === version && seeded[0].row_count === rows.length) return 'current';
    await tx.query(insert, [JSON.stringify(rows), version]);
    await tx.query(
      `INSERT INTO reference_data_versions (name, version, row_count, seeded_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (name) DO UPDATE SET version = EXCLUDED.version, row_count = EXCLUDED.row_count, seeded_at = now()`,
      [name, version, rows.length],
    );
    return 'seeded';
  });
}

/**
 * Seeds the exercise library and food catalog when their version changed. Rows are upserted by
 * their stable id and never deleted: stored programs keep referring to them.
 */
export async function seedReferenceData(sql: Sql): Promise<SeedReport> {
  const exercises = await seedSet(
    sql,
    'exercises',
    EXERCISE_LIBRARY_VERSION,
    EXERCISES,
    `INSERT INTO exercises (id, name, movement_pattern, primary_muscles, secondary_muscles, equipment, difficulty,
                            unilateral, contraindications, catalog_version)
     SELECT x.id, x.name, x."movementPattern", x."primaryMuscles", x."secondaryMuscles", x.equipment, x.difficulty,
            x.unilateral, x.contraindications, $2
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, "movementPattern" text, "primaryMuscles" text[],
          "secondaryMuscles" text[], equipment text[], difficulty text, unilateral boolean, contraindications text[])
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, movement_pattern = EXCLUDED.movement_pattern,
       primary_muscles = EXCLUDED.primary_muscles, secondary_muscles = EXCLUDED.secondary_muscles,
       equipment = EXCLUDED.equipment, difficulty = EXCLUDED.difficulty, unilateral = EXCLUDED.unilateral,
       contraindications = EXCLUDED.contraindications, catalog_version = EXCLUDED.catalog_version`,
  );
  const foods = await seedSet(
    sql,
    'foods',
    FOOD_CATALOG_VERSION,
    FOODS,
    `INSERT INTO foods (id, name, category, kcal_per_100g, protein_g, carbs_g, fat_g, fibre_g, portion_g, vegan,
                        vegetarian, pescatarian, allergens, meal_tags, source, catalog_version)
     SELECT x.id, x.name, x.category, x.kcal, x."proteinG", x."carbsG", x."fatG", x."fibreG", x."portionG", x.vegan,
            x.vegetarian, x.pescatarian, x.allergens, x."mealTags", x.source, $2
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, name text, category text, kcal numeric, "proteinG" numeric,
          "carbsG" numeric, "fatG" numeric, "fibreG" numeric, "portionG" numeric, vegan boolean, vegetarian boolean,
          pescatarian boolean, allergens text[], "mealTags" text[], source text)
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, category = EXCLUDED.category,
       kcal_per_100g = EXCLUDED.kcal_per_100g, protein_g = EXCLUDED.protein_g, carbs_g = EXCLUDED.carbs_g,
       fat_g = EXCLUDED.fat_g, fibre_g = EXCLUDED.fibre_g, portion_g = EXCLUDED.portion_g, vegan = EXCLUDED.vegan,
       vegetarian = EXCLUDED.vegetarian, pescatarian = EXCLUDED.pescatarian, allergens = EXCLUDED.allergens,
       meal_tags = EXCLUDED.meal_tags, source = EXCLUDED.source, catalog_version = EXCLUDED.catalog_version`,
  );
  return { exercises, foods };
}
