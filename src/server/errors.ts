import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';
import { AppError, unavailable } from '../core/errors';
import { isConnectionError } from '../core/db/connectionErrors';
import { QUERY_TOO_DEEP } from './limits';

/** Codes whose messages are written for the caller; anything else is masked. */
const PUBLIC_CODES = new Set([
  'BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX',
]);

/** `Variable "$input" got invalid value ... at "input.heightCm"; ...` -> input.heightCm */
function variableField(message: string): string | undefined {
  const at = /at "([^"]+)"/.exec(message);
  if (at) return at[1];
  const variable = /^Variable "\$([^"]+)"/.exec(message);
  return variable?.[1];
}

/**
 * One error vocabulary (design.md section 5): expected errors keep their code, message and the
 * field at fault; anything else becomes INTERNAL_SERVER_ERROR with the detail logged, not sent.
 */
export function createErrorFormatter(log: Logger) {
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
      if (code === 'BAD_USER_INPUT' && !extensions.field) {
        const field = variableField(formatted.message);
        if (field) extensions.field = field;
      }
      return { ...formatted, extensions };
    }
    log.error({ err: original, path: formatted.path }, 'unexpected error');
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
