import { GraphQLError, GraphQLFormattedError, parse } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';
import { AppError, unavailable } from '../core/errors';
import { isConnectionError } from '../core/db/connectionErrors';
import { QUERY_TOO_DEEP } from './limits';
import { argumentPathAt, fieldName } from './argumentPaths';

/** Codes whose messages are written for the caller; anything else is masked. */
const PUBLIC_CODES = new Set([
  'BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX',
]);

/** The argument path of a literal that failed validation (input.lifts.0.reps), from its position. */
function literalField(error: unknown): string | undefined {
  const loc = error instanceof GraphQLError ? error.nodes?.[0]?.loc : undefined;
  if (!loc) return undefined;
  try {
    const path = argumentPathAt(parse(loc.source), loc.start);
    return path && fieldName(path);
  } catch {
    return undefined;
  }
}

/**
 * One error vocabulary (design.md section 5): expected errors keep their code, message and the
 * field at fault; anything else becomes INTERNAL_SERVER_ERROR with the detail logged, not sent.
 */
export function createErrorFormatter(log: Logger, requestIdOf: (error: unknown) => string | undefined = () => undefined) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    let original = unwrapResolverError(error);
    if (!(original instanceof AppError) && isConnectionError(original)) {
      log.warn({ err: original, path: formatted.path }, 'database unavailable');
      original = unavailable();
    }
    if (original instanceof AppError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: original.code, ...(original.field ? { field: original.field } : {}), ...original.details },
      };
    }
    // Apollo re-codes every validation error GRAPHQL_VALIDATION_FAILED; keep the limits' own codes.
    const rule = original instanceof GraphQLError && original.originalError instanceof GraphQLError ? original.originalError : original;
    const ruleCode = rule instanceof GraphQLError ? rule.extensions?.code : undefined;
    const code = String(
      ruleCode === QUERY_TOO_DEEP ? ruleCode : (formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
    );
    if (PUBLIC_CODES.has(code)) {
      const { stacktrace: _stacktrace, ...extensions }: Record<string, unknown> = { ...formatted.extensions, code };
      if (code === 'GRAPHQL_VALIDATION_FAILED' && !extensions.field) {
        const field = literalField(rule);
        if (field) extensions.field = field;
      }
      return { ...formatted, extensions };
    }
    log.error({ err: original, path: formatted.path, requestId: requestIdOf(error) }, 'unexpected error');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

export type ErrorFormatter = ReturnType<typeof createErrorFormatter>;

/** A parse error as Apollo presents it to formatError, for transports Apollo does not serve. */
export const asParseError = (error: GraphQLError): GraphQLError =>
  new GraphQLError(error.message, {
    source: error.source, positions: error.positions, originalError: error,
    extensions: { ...error.extensions, code: 'GRAPHQL_PARSE_FAILED' },
  });

/** A validation error as Apollo presents it to formatError (the rule's own error kept as originalError). */
export const asValidationError = (error: GraphQLError): GraphQLError =>
  new GraphQLError(error.message, {
    nodes: error.nodes, originalError: error.originalError ?? error,
    extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
  });

/**
 * Formats errors outside Apollo (graphql-ws) exactly as Apollo does before calling formatError:
 * a missing code becomes INTERNAL_SERVER_ERROR and the http hint is dropped.
 */
export function formatErrors(format: ErrorFormatter, errors: readonly GraphQLError[]): GraphQLFormattedError[] {
  return errors.map((error) => {
    const { http: _http, ...extensions } = { ...error.extensions, code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR' };
    return format({ ...error.toJSON(), extensions }, error);
  });
}
