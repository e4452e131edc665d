import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../paths';
import { Database } from './database';
import { openTestDatabase } from '../testing/testDatabase';

/** A column as schema.prisma declares it, in the database's terms. */
interface Column {
  type: string;
  nullable: boolean;
}

const SCALARS = new Set(['String', 'Int', 'BigInt', 'Boolean', 'DateTime', 'Decimal', 'Json', 'Float', 'Unsupported']);

/** Postgres type of a Prisma field: the @db attribute wins, else Prisma's default mapping. */
function sqlType(prismaType: string, list: boolean, attributes: string): string {
  const db = /@db\.(\w+)(?:\((\d+)(?:,\s*(\d+))?\))?/.exec(attributes);
  let type: string;
  if (prismaType.startsWith('Unsupported')) type = /Unsupported\("(\w+)"\)/.exec(prismaType)![1];
  else if (db) {
    const name = db[1];
    type = {
      Uuid: 'uuid', Date: 'date', Timestamptz: 'timestamp with time zone', Decimal: `numeric(${db[2]},${db[3]})`, Text: 'text',
    }[name] ?? name.toLowerCase();
  } else {
    type = {
      String: 'text', Int: 'integer', BigInt: 'bigint', Boolean: 'boolean', DateTime: 'timestamp(3) without time zone',
      Decimal: 'numeric(65,30)', Json: 'jsonb', Float: 'double precision',
    }[prismaType]!;
  }
  return list ? `${type}[]` : type;
}

/** Models of schema.prisma: table -> column -> type and nullability (relation fields left out). */
function prismaModels(source: string): Record<string, Record<string, Column>> {
  const models: Record<string, Record<string, Column>> = {};
  for (const match of source.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const body = match[2];
    const table = /@@map\("(\w+)"\)/.exec(body)?.[1] ?? match[1];
    const columns: Record<string, Column> = {};
    for (const line of body.split('\n')) {
      const field = /^\s+(\w+)\s+(Unsupported\("\w+"\)|\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!field) continue;
      const [, name, type, list, optional, attributes] = field;
      if (!SCALARS.has(type.replace(/\(.*/, ''))) continue; // a relation
      const column = /@map\("(\w+)"\)/.exec(attributes)?.[1] ?? name;
      columns[column] = { type: sqlType(type, Boolean(list), attributes), nullable: Boolean(optional) };
    }
    models[table] = columns;
  }
  return models;
}

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());

async function databaseTables(): Promise<Record<string, Record<string, Column>>> {
  const { rows } = await db.sql.query<{ table_name: string; column_name: string; type: string; nullable: boolean }>(
    `SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type,
            NOT a.attnotnull AS nullable
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> 'schema_migrations'`,
  );
  const tables: Record<string, Record<string, Column>> = {};
  for (const row of rows) {
    const type = row.type.replace(/^numeric\((\d+),(\d+)\)$/, 'numeric($1,$2)').replace('character varying', 'text');
    (tables[row.table_name] ??= {})[row.column_name] = { type, nullable: row.nullable };
  }
  return tables;
}

describe('schema.prisma and the migrated database', () => {
  it('declare the same tables, columns, types and nullability', async () => {
    const declared = prismaModels(readFileSync(path.join(PROJECT_ROOT, 'prisma', 'schema.prisma'), 'utf8'));
    const actual = await databaseTables();
    expect(Object.keys(declared).length).toBeGreaterThanOrEqual(19);
    expect(Object.keys(actual).sort()).toEqual(Object.keys(declared).sort());
    for (const table of Object.keys(declared)) {
      expect({ table, columns: actual[table] }).toEqual({ table, columns: declared[table] });
    }
  });

  it('has every index the schema report names', async () => {
    const { rows } = await db.sql.query<{ name: string }>("SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public'");
    const names = new Set(rows.map((r) => r.name));
    for (const index of [
      'idx_programs_user', 'idx_session_instances_prog_day', 'idx_exercise_plan_items_session', 'idx_meal_instances_prog_day',
      'idx_meal_item_plan_meal', 'idx_calendar_events_user_date', 'idx_day_overrides_user_date', 'idx_day_overrides_program',
      'idx_day_overrides_status', 'idx_adherence_user_time', 'idx_plan_change_events_user_time', 'idx_notifications_user_created',
      'idx_notifications_user_unread', 'idx_activities_planned_session', 'idx_meals_planned_meal',
    ]) {
      expect(names).toContain(index);
    }
    const { rows: partial } = await db.sql.query<{ def: string }>("SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'idx_notifications_user_unread'");
    expect(partial[0].def).toMatch(/WHERE \(read_at IS NULL\)/);
  });

  it('keeps the checks the schema report names', async () => {
    const insert = (status: string) =>
      db.sql.query(
        `INSERT INTO adherence_records (id, user_id, date, kind, status, assessed_at) VALUES (gen_random_uuid(), gen_random_uuid(), '2026-01-01', 'session', $1, now())`,
        [status],
      );
    // The check fires before the foreign key would.
    await expect(insert('done')).rejects.toThrow(/adherence_records_status_check/);
  });
});
