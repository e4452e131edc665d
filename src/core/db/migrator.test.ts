import { Database } from './database';
import { loadMigrations, migrate, MigrationError, pendingMigrations } from './migrator';
import { openTestDatabase } from '../testing/testDatabase';

let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(async () => db?.close());

const temp = (suffix: string) => [
  { name: `9990_test_${suffix}.sql`, sql: `CREATE TABLE IF NOT EXISTS migrator_probe_${suffix} (id int); INSERT INTO migrator_probe_${suffix} VALUES (1);`, checksum: `c-${suffix}` },
];

describe('migrate', () => {
  it('has applied every migration file, and a second run applies nothing', async () => {
    expect(await pendingMigrations(db.sql)).toEqual([]);
    expect(await migrate(db.sql)).toEqual([]);
    const files = await loadMigrations();
    const { rows } = await db.sql.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(files.map((f) => f.name)));
  });

  it('applies a file once even when two migrators run at the same time', async () => {
    const suffix = `c${Date.now()}`;
    const [a, b] = await Promise.all([migrate(db.sql, temp(suffix)), migrate(db.sql, temp(suffix))]);
    expect([...a, ...b]).toEqual([`9990_test_${suffix}.sql`]);
    const { rows } = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM migrator_probe_${suffix}`);
    expect(rows[0].n).toBe(1);
    await db.sql.exec(`DROP TABLE migrator_probe_${suffix}; DELETE FROM schema_migrations WHERE name = '9990_test_${suffix}.sql'`);
  });

  it('refuses a migration edited after it was applied', async () => {
    const suffix = `e${Date.now()}`;
    await migrate(db.sql, temp(suffix));
    const edited = temp(suffix).map((m) => ({ ...m, checksum: 'changed' }));
    await expect(migrate(db.sql, edited)).rejects.toBeInstanceOf(MigrationError);
    await db.sql.exec(`DROP TABLE migrator_probe_${suffix}; DELETE FROM schema_migrations WHERE name = '9990_test_${suffix}.sql'`);
  });

  it('rolls back a failing file and records nothing for it', async () => {
    const bad = [{ name: '9991_bad.sql', sql: 'CREATE TABLE migrator_half (id int); SELECT no_such_function();', checksum: 'x' }];
    await expect(migrate(db.sql, bad)).rejects.toThrow();
    expect(await pendingMigrations(db.sql, bad)).toEqual(['9991_bad.sql']);
    const { rows } = await db.sql.query<{ t: string | null }>("SELECT to_regclass('migrator_half')::text AS t");
    expect(rows[0].t).toBeNull();
  });
});
