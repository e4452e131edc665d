import { GraphQLError } from 'graphql';
import pino from 'pino';
import { createErrorFormatter } from './errors';

const format = createErrorFormatter(pino({ level: 'silent' }));

/** A resolver's error as Apollo hands it to formatError: wrapped in a located GraphQLError. */
function fromResolver(original: Error) {
  const wrapped = new GraphQLError(original.message, { path: ['me'], originalError: original });
  return format({ message: original.message, path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }, wrapped);
}

describe('error formatting of a database outage', () => {
  it('answers UNAVAILABLE, retryable, without the driver detail, when a backend was terminated', () => {
    const terminated = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' });
    expect(fromResolver(terminated)).toEqual({
      message: 'The database is unavailable; retry shortly',
      path: ['me'],
      extensions: { code: 'UNAVAILABLE', retryable: true },
    });
  });

  it('answers UNAVAILABLE when the database refuses connections', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect', errno: -111 });
    expect(fromResolver(refused).extensions).toEqual({ code: 'UNAVAILABLE', retryable: true });
  });

  it('still masks other failures as INTERNAL_SERVER_ERROR', () => {
    const unique = Object.assign(new Error('duplicate key value violates unique constraint "x"'), { code: '23505', severity: 'ERROR' });
    expect(fromResolver(unique)).toEqual({ message: 'Internal server error', path: ['me'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });
});
