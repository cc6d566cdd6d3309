import { isDatabaseStartingError, isDatabaseUnavailableError } from './database-unavailable';

function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** A driver error as TypeORM wraps it. */
const wrappedByTypeOrm = (driverError: Error) =>
  Object.assign(new Error('query failed'), { driverError });
/** A connection the server refused. */
const refusedSocket = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('isDatabaseUnavailableError', () => {
  it.each([
    [
      'a restarting server',
      pgError('57P03', 'the database system is not yet accepting connections'),
    ],
    [
      'an immediate shutdown',
      pgError('57P01', 'terminating connection due to administrator command'),
    ],
    ['a connection exception class', pgError('08006', 'connection failure')],
    ['too many connections', pgError('53300', 'sorry, too many clients already')],
    ['a refused socket', refusedSocket()],
    ['a dropped session', new Error('Connection terminated unexpectedly')],
    // pg-pool, when no connection of the pool came free in time (an overload, not a bad request)
    ['a pool with no connection free', new Error('timeout exceeded when trying to connect')],
    [
      'one wrapped by TypeORM',
      wrappedByTypeOrm(pgError('57P03', 'the database system is starting up')),
    ],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['a handler refusing the event', new Error('claim CL-1 is not OPEN')],
    ['a check violation wrapped by TypeORM', wrappedByTypeOrm(pgError('23514', 'check'))],
    ['nothing', undefined],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseUnavailableError(error)).toBe(false);
  });
});

describe('isDatabaseStartingError', () => {
  it.each([
    ['a server starting up', pgError('57P03', 'the database system is starting up')],
    [
      'one wrapped by TypeORM',
      wrappedByTypeOrm(pgError('57P03', 'the database system is not yet accepting connections')),
    ],
  ])('is true for %s', (_, error) => {
    expect(isDatabaseStartingError(error)).toBe(true);
  });

  it.each([
    ['a refused socket', refusedSocket()],
    ['a wrong password', pgError('28P01', 'password authentication failed for user "x"')],
    ['a shutdown', pgError('57P01', 'terminating connection due to administrator command')],
    ['a string', 'the database system is starting up'],
  ])('is false for %s', (_, error) => {
    expect(isDatabaseStartingError(error)).toBe(false);
  });
});
