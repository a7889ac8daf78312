import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isDatabaseUnavailable, isRetryableConflict, problemFromDatabaseError } from './database-errors';
import { ServiceUnavailable } from './problem';

describe('database error mapping', () => {
  it.each([
    ['23505', 409, 'duplicate'],
    ['23P01', 409, 'overlap'],
    ['23503', 409, 'reference'],
    ['23514', 422, 'constraint'],
    ['22P02', 400, 'validation'],
    ['40001', 409, 'concurrent-change'],
    ['ECONNREFUSED', 503, 'unavailable'],
  ])('maps %s to %i %s without naming the constraint', (code, status, slug) => {
    const problem = problemFromDatabaseError({ code, constraint: 'secret_internal_name' });
    expect(problem?.toBody()).toMatchObject({ status, type: `/problems/${slug}` });
    expect(JSON.stringify(problem?.toBody())).not.toContain('secret_internal_name');
  });

  it('leaves unknown faults to the generic 500', () => {
    expect(problemFromDatabaseError({ code: 'XX000' })).toBeUndefined();
    expect(problemFromDatabaseError(new Error('boom'))).toBeUndefined();
  });
});

describe('database unavailable', () => {
  const failed = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);
  const coded = (code: string, message = 'server said no') => Object.assign(new Error(message), { code });

  it.each([
    ['terminated by an administrator (57P01)', failed(coded('57P01'))],
    ['crash shutdown (57P02)', failed(coded('57P02'))],
    ['starting up (57P03)', failed(coded('57P03'))],
    ['statement timeout (57014)', failed(coded('57014', 'canceling statement due to statement timeout'))],
    ['lock timeout (55P03)', failed(coded('55P03'))],
    ['idle-in-transaction timeout (25P03)', failed(coded('25P03'))],
    ['too many connections (53300)', coded('53300')],
    ['connection failure (08006)', failed(coded('08006'))],
    ['connection refused', coded('ECONNREFUSED')],
    ['connection reset', failed(coded('ECONNRESET'))],
    ['broken pipe', coded('EPIPE')],
    ['code-less "Connection terminated unexpectedly"', failed(new Error('Connection terminated unexpectedly'))],
    ['code-less "Connection terminated"', new Error('Connection terminated')],
    ['a connect timeout', new Error('Connection terminated due to connection timeout')],
    ['a pool wait that ran out', new Error('timeout exceeded when trying to connect')],
    ['a connection that stopped answering', failed(new Error('Query read timeout'))],
    ['a client that broke', new Error('Client has encountered a connection error and is not queryable')],
    ['a released query runner', new QueryRunnerAlreadyReleasedError()],
    ['a transaction whose connection was released', new QueryRunnerProviderAlreadyReleasedError()],
    ['a disconnected driver', new Error('Driver not Connected')],
    ['a cause that is one of these', new Error('lookup failed', { cause: coded('57P01') })],
  ])('%s is a 503 with Retry-After', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    const problem = problemFromDatabaseError(error);
    expect(problem).toBeInstanceOf(ServiceUnavailable);
    expect(problem?.toBody()).toMatchObject({ status: 503, type: '/problems/unavailable' });
    expect((problem as ServiceUnavailable).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('does not take statement errors or programming faults for an outage', () => {
    expect(isDatabaseUnavailable(failed(coded('23505')))).toBe(false);
    expect(isDatabaseUnavailable(failed(coded('42P01', 'relation does not exist')))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
  });

  it('knows deadlocks and serialization failures as worth one retry', () => {
    expect(isRetryableConflict(failed(coded('40P01')))).toBe(true);
    expect(isRetryableConflict(failed(coded('40001')))).toBe(true);
    expect(isRetryableConflict(failed(coded('23505')))).toBe(false);
  });
});
