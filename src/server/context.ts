import type { Logger } from 'pino';
import { AppError } from '../core/errors';
import { Services } from '../services';
import { AuthUser } from './auth';

export interface GraphQLContext {
  services: Services;
  user: AuthUser | null;
  requestId: string;
  log: Logger;
}

export function requireUser(context: GraphQLContext): AuthUser {
  if (!context.user) throw new AppError('UNAUTHENTICATED', 'sign in: send Authorization: Bearer <token>');
  return context.user;
}
