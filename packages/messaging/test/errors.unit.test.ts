import { describe, expect, it } from 'vitest';
import { isTransientDbError } from '../src/errors.ts';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('isTransientDbError', () => {
  it('says the database is unavailable for connection errors, class 08, shutdown, too many connections, serialization and deadlock', () => {
    for (const code of [
      'CONNECTION_CLOSED',
      'CONNECTION_ENDED',
      'CONNECTION_DESTROYED',
      'CONNECT_TIMEOUT',
      'ECONNREFUSED',
      'ECONNRESET',
      '08006',
      '08001',
      '57P01',
      '57P02',
      '57P03',
      '53300',
      '40001',
      '40P01',
    ]) {
      expect(isTransientDbError(withCode(code)), code).toBe(true);
    }
  });

  it('looks through drizzle query errors (cause) and AggregateError (a refused multi-address connect)', () => {
    const drizzle = Object.assign(new Error('Failed query: insert into inbox ...'), {
      cause: withCode('57P01', 'terminating connection due to administrator command'),
    });
    expect(isTransientDbError(drizzle)).toBe(true);
    expect(
      isTransientDbError(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed')),
    ).toBe(true);
  });

  it('does not excuse an event that breaks a rule: constraint, bad data, missing table, a plain bug', () => {
    for (const code of ['23505', '23503', '22P02', '42P01', '42703'])
      expect(isTransientDbError(withCode(code)), code).toBe(false);
    expect(isTransientDbError(new Error('no office for this street'))).toBe(false);
    expect(isTransientDbError(Object.assign(new Error('Failed query'), { cause: withCode('23505') }))).toBe(false);
    expect(isTransientDbError(undefined)).toBe(false);
    expect(isTransientDbError('ECONNREFUSED')).toBe(false);
  });
});
