import pino, { Logger } from 'pino';

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'adaptive-coach-api' },
    redact: { paths: ['req.headers.authorization', 'authorization', 'token', 'connectionParams'], censor: '[redacted]' },
  });
}
