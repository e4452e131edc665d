import { Projection } from '../core/projections/projection';
import { RecordedEvent } from '../core/eventStore/types';
import { ProfileEvent } from './profile';

export const profileProjection: Projection = {
  name: 'profiles',
  tables: ['profiles'],
  handles: ['ProfileRegistered'],
  async apply(event: RecordedEvent, tx) {
    const { data } = event as RecordedEvent<'ProfileRegistered', ProfileEvent['data']>;
    if (!data?.userId) return;
    await tx.query(
      `INSERT INTO profiles (id, email, created_at, updated_at) VALUES ($1, $2, $3, $3) ON CONFLICT (id) DO NOTHING`,
      [data.userId, data.email ?? null, data.at ?? event.recordedAt],
    );
  },
};
