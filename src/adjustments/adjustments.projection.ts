import { Projection } from '../core/projections/projection';
import { AdjustmentPolicyEvent, DayOverrideEvent, DayOverrideProposedData } from './contracts';

type Data<T extends DayOverrideEvent['type']> = Extract<DayOverrideEvent, { type: T }>['data'];

/**
 * day_overrides: one row per proposal, with the seed's columns: status as the workflow left it,
 * user_overridden once the person rejected or undid the system's change, applied_at when it came
 * into force. version is the stream version of the last event that touched the row (for the
 * newest override of a day, the stream's version: what a client sends as expectedVersion).
 */
async function proposed(tx: Parameters<Projection['apply']>[1], d: DayOverrideProposedData, version: number): Promise<void> {
  await tx.query(
    `INSERT INTO day_overrides (id, user_id, program_id, date, override_type, confidence, reasons, nutrition_override,
                                training_override, status, user_overridden, applied_at, created_at, updated_at, rules_version,
                                inputs_hash, trigger, version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, false, CASE WHEN $10 = 'auto_applied' THEN $11::timestamptz END, $11, $11, $12, $13, $14, $15)
     ON CONFLICT (id) DO NOTHING`,
    [d.overrideId, d.userId, d.programId, d.date, d.overrideType, Math.round(Math.min(1, Math.max(0, d.confidence)) * 1000) / 1000,
      JSON.stringify(d.reasons ?? []), d.nutritionOverride ? JSON.stringify(d.nutritionOverride) : null,
      d.trainingOverride ? JSON.stringify(d.trainingOverride) : null, d.status, d.at, d.rulesVersion, d.inputsHash, d.trigger, version],
  );
}

export const DAY_OVERRIDE_EVENT_TYPES = [
  'DayOverrideProposed', 'DayOverrideApproved', 'DayOverrideRejected', 'DayOverrideUndone', 'DayOverrideSuperseded', 'DayOverrideWithdrawn',
] as const;

export const dayOverrideProjection: Projection = {
  name: 'day-overrides',
  tables: ['day_overrides'],
  handles: DAY_OVERRIDE_EVENT_TYPES,
  async apply(event, tx) {
    const type = event.type as DayOverrideEvent['type'];
    const v = event.streamVersion;
    switch (type) {
      case 'DayOverrideProposed':
        return proposed(tx, event.data as DayOverrideProposedData, v);
      case 'DayOverrideApproved': {
        const d = event.data as Data<'DayOverrideApproved'>;
        await tx.query(
          `UPDATE day_overrides SET status = 'approved', applied_at = $3, decided_at = $3, updated_at = $3, version = $4
           WHERE id = $1 AND user_id = $2`,
          [d.overrideId, d.userId, d.at, v],
        );
        return;
      }
      case 'DayOverrideRejected': {
        const d = event.data as Data<'DayOverrideRejected'>;
        await tx.query(
          `UPDATE day_overrides SET status = 'rejected', user_overridden = true, reject_reason = $3, decided_at = $4, updated_at = $4, version = $5
           WHERE id = $1 AND user_id = $2`,
          [d.overrideId, d.userId, d.reason, d.at, v],
        );
        return;
      }
      case 'DayOverrideUndone': {
        const d = event.data as Data<'DayOverrideUndone'>;
        await tx.query(
          `UPDATE day_overrides SET status = 'undone', user_overridden = true, decided_at = $3, updated_at = $3, version = $4
           WHERE id = $1 AND user_id = $2`,
          [d.overrideId, d.userId, d.at, v],
        );
        return;
      }
      case 'DayOverrideSuperseded':
      case 'DayOverrideWithdrawn': {
        const d = event.data as Data<'DayOverrideSuperseded'>;
        await tx.query(
          `UPDATE day_overrides SET status = 'superseded', superseded_by = $3, updated_at = $4, version = $5
           WHERE id = $1 AND user_id = $2`,
          [d.overrideId, d.userId, d.by ?? null, d.at, v],
        );
        return;
      }
      default:
        return;
    }
  },
};

/** adjustment_policies: the newest policy of each user who set one. */
export const adjustmentPolicyProjection: Projection = {
  name: 'adjustment-policies',
  tables: ['adjustment_policies'],
  handles: ['AdjustmentPolicySet'],
  async apply(event, tx) {
    if (event.type !== 'AdjustmentPolicySet') return;
    const d = event.data as AdjustmentPolicyEvent['data'];
    await tx.query(
      `INSERT INTO adjustment_policies (user_id, mode, auto_apply_threshold, version, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id) DO UPDATE SET mode = EXCLUDED.mode, auto_apply_threshold = EXCLUDED.auto_apply_threshold,
         version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
      [d.userId, d.mode, d.autoApplyThreshold, event.streamVersion, d.at],
    );
  },
};
