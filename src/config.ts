import path from 'node:path';

/** The development secret: tokens signed with it are accepted only outside production. */
export const DEV_JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  /** PostgreSQL URL; unset means the embedded PGlite in pgliteDir. */
  databaseUrl: string | null;
  pgliteDir: string;
  databasePoolSize: number;
  jwt: { secret: string | null; jwksUrl: string | null; issuer: string | null; audience: string | null };
  usesDevSecret: boolean;
  logLevel: string;
  limits: { maxDepth: number; maxCost: number; maxTokens: number };
  seedDemo: boolean;
  /** Run the job worker (scheduled sweeps) inside the API process. */
  runWorker: boolean;
  /** Following the log: live pushes and the notification reactor. */
  log: {
    /**
     * Wake-ups: after each of this process's commits wake its own consumers and NOTIFY the other
     * processes; LISTEN for theirs (PostgreSQL). False: polling only.
     */
    listen: boolean;
    /** Poll interval of the log's consumers: the fallback when a wake-up is lost, or the only way without. */
    pollIntervalMs: number;
  };
  /** Run the notification reactor in this process (several processes take turns). */
  runNotificationReactor: boolean;
}

/** Without wake-ups, live pushes wait for the next poll: poll often. */
export const POLL_INTERVAL_MS_POLLING = 200;
/** With wake-ups, polling only catches what a lost notification missed. */
export const POLL_INTERVAL_MS_LISTENING = 1000;

export class ConfigError extends Error {}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

/** Parses and validates the environment once, at start-up; nothing else reads process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV === 'production' || env.NODE_ENV === 'test' ? env.NODE_ENV : 'development';
  const jwksUrl = env.JWT_JWKS_URL || null;
  const givenSecret = env.JWT_SECRET || null;
  if (nodeEnv === 'production') {
    if (!givenSecret && !jwksUrl) throw new ConfigError('production needs JWT_SECRET or JWT_JWKS_URL');
    if (givenSecret === DEV_JWT_SECRET) throw new ConfigError('production refuses the development JWT secret');
    if (givenSecret && givenSecret.length < 32) throw new ConfigError('JWT_SECRET must be at least 32 characters');
  }
  const secret = givenSecret ?? (jwksUrl ? null : DEV_JWT_SECRET);
  const databaseUrl = env.DATABASE_URL || null;
  return {
    env: nodeEnv,
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    pgliteDir: path.resolve(env.PGLITE_DIR || '.data'),
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    jwt: { secret, jwksUrl, issuer: env.JWT_ISSUER || null, audience: env.JWT_AUDIENCE || null },
    usesDevSecret: secret === DEV_JWT_SECRET,
    logLevel: env.LOG_LEVEL || (nodeEnv === 'test' ? 'silent' : 'info'),
    limits: {
      maxDepth: int(env, 'MAX_QUERY_DEPTH', 10, 2, 100),
      maxCost: int(env, 'MAX_QUERY_COST', 200_000, 10, 1_000_000),
      maxTokens: int(env, 'MAX_QUERY_TOKENS', 2000, 100, 100_000),
    },
    seedDemo: flag(env, 'SEED_DEMO', databaseUrl === null),
    runWorker: flag(env, 'RUN_WORKER', true),
    log: {
      listen: flag(env, 'LOG_LISTEN', true),
      pollIntervalMs: int(env, 'LOG_POLL_INTERVAL_MS', flag(env, 'LOG_LISTEN', true) ? POLL_INTERVAL_MS_LISTENING : POLL_INTERVAL_MS_POLLING, 10, 60_000),
    },
    runNotificationReactor: flag(env, 'RUN_NOTIFICATION_REACTOR', true),
  };
}
