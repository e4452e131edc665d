import { SqlExecutor } from '../core/db/sql';
import { idFactory } from '../core/ids';
import { EventOf, Projection } from '../core/projections/projection';
import { RecordedEvent } from '../core/eventStore/types';
import { DailyContextEvent, dailyContextStream } from '../adjustments/contracts';

/** The row id of a user's day: derived from its stream, so a rebuild gives the same id. */
export const contextRowId = (userId: string, date: string): string => idFactory(dailyContextStream(userId, date))(0, 0);

/**
 * user_context_log: one row per user and local day, the day's context as last amended, with the
 * stream's version. created_at is when it was first logged, updated_at when last changed.
 */
export const contextProjection: Projection = {
  name: 'daily_context',
  tables: ['user_context_log'],
  handles: ['DailyContextLogged', 'DailyContextAmended'],
  async apply(raw: RecordedEvent, tx: SqlExecutor): Promise<void> {
    const event = raw as EventOf<DailyContextEvent>;
    const d = event.data;
    if (!d || typeof d.userId !== 'string' || typeof d.date !== 'string') return;
    await tx.query(
      `INSERT INTO user_context_log (id, user_id, date, sleep_hours, sleep_quality, stress, soreness, energy, hrv_ms, resting_hr,
                                     body_weight_kg, notes, created_at, updated_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14)
       ON CONFLICT (user_id, date) DO UPDATE SET
         sleep_hours = EXCLUDED.sleep_hours, sleep_quality = EXCLUDED.sleep_quality, stress = EXCLUDED.stress,
         soreness = EXCLUDED.soreness, energy = EXCLUDED.energy, hrv_ms = EXCLUDED.hrv_ms, resting_hr = EXCLUDED.resting_hr,
         body_weight_kg = EXCLUDED.body_weight_kg, notes = EXCLUDED.notes, updated_at = EXCLUDED.updated_at, version = EXCLUDED.version`,
      [contextRowId(d.userId, d.date), d.userId, d.date, d.sleepHours, d.sleepQuality, d.stress, d.soreness, d.energy,
        d.hrvMs ?? null, d.restingHr ?? null, d.bodyWeightKg ?? null, d.notes ?? null, d.at, event.streamVersion],
    );
  },
};
