import { GraphQLError } from 'graphql';

/** The one error vocabulary of the API (design.md section 5). */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** An expected failure: its message is safe to show to the caller. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field at fault, as a path: `input.heightCm`. */
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toGraphQLError(): GraphQLError {
    return new GraphQLError(this.message, {
      extensions: { code: this.code, ...(this.field ? { field: this.field } : {}), ...this.details },
    });
  }
}

export const badInput = (field: string, message: string): AppError =>
  new AppError('BAD_USER_INPUT', message, field);

export const notFound = (what: string, field?: string): AppError =>
  new AppError('NOT_FOUND', `${what} not found`, field);

export const conflict = (message: string, details?: Record<string, unknown>): AppError =>
  new AppError('CONFLICT', message, undefined, details);

/**
 * The database is away (restart, failover). The request may be sent again; a mutation may or
 * may not have committed, so send it with the same idempotency key.
 */
export const unavailable = (): AppError =>
  new AppError('UNAVAILABLE', 'The database is unavailable; retry shortly', undefined, { retryable: true });
