import { problemFromDatabaseError } from './database-errors';

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
