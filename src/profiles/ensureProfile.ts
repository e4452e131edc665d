import { handle } from '../core/commandHandler';
import { Services } from '../services';
import { profileDecider, userStream } from './profile';

/** How many registered user ids a process remembers, to skip the lookup on later requests. */
const KNOWN_PROFILES_CAPACITY = 50_000;

/**
 * Registers the caller's profile on first use (a ProfileRegistered event on user-<id>).
 * Concurrent first requests are safe: the loser re-reads the stream, finds it registered and
 * appends nothing.
 */
export function profileRegistrar(services: Services): (userId: string, email: string | null) => Promise<void> {
  const known = new Set<string>();
  return async (userId, email) => {
    if (known.has(userId)) return;
    const { rows } = await services.db.sql.query('SELECT 1 FROM profiles WHERE id = $1', [userId]);
    if (rows.length === 0) {
      await handle(services.store, userStream(userId), profileDecider, { type: 'RegisterProfile', userId, email }, {
        userId,
        now: services.clock.now().toISOString(),
        lookups: undefined,
        metadata: { actor: userId },
      });
    }
    if (known.size >= KNOWN_PROFILES_CAPACITY) known.clear();
    known.add(userId);
  };
}
