import { CallHandler, ExecutionContext } from '@nestjs/common';
import { defer, firstValueFrom } from 'rxjs';
import { QueryFailedError } from 'typeorm';
import { ServiceUnavailable } from './problem';
import { ReadRetryInterceptor } from './read-retry.interceptor';

const contextFor = (method: string) => ({ switchToHttp: () => ({ getRequest: () => ({ method }) }) }) as unknown as ExecutionContext;
const conflict = (code: string) => new QueryFailedError('SELECT', [], Object.assign(new Error('conflict'), { code }));

/** A handler that fails with `failures` in turn, then answers. */
function handler(failures: Error[]): CallHandler & { calls: number } {
  const h = {
    calls: 0,
    handle: () =>
      defer(async () => {
        const failure = failures[h.calls++];
        if (failure) throw failure;
        return 'rows';
      }),
  };
  return h;
}

describe('ReadRetryInterceptor', () => {
  const interceptor = new ReadRetryInterceptor();

  it.each(['40P01', '40001'])('runs a read that failed with %s once more', async (code) => {
    const h = handler([conflict(code)]);
    await expect(firstValueFrom(interceptor.intercept(contextFor('GET'), h))).resolves.toBe('rows');
    expect(h.calls).toBe(2);
  });

  it('answers 503 when the second run fails too', async () => {
    const h = handler([conflict('40P01'), conflict('40001'), conflict('40001')]);
    await expect(firstValueFrom(interceptor.intercept(contextFor('GET'), h))).rejects.toBeInstanceOf(ServiceUnavailable);
    expect(h.calls).toBe(2);
  });

  it('leaves writes and other errors alone', async () => {
    const write = handler([conflict('40001')]);
    await expect(firstValueFrom(interceptor.intercept(contextFor('POST'), write))).rejects.toBeInstanceOf(QueryFailedError);
    expect(write.calls).toBe(1);
    const other = handler([new Error('boom')]);
    await expect(firstValueFrom(interceptor.intercept(contextFor('GET'), other))).rejects.toThrow('boom');
    expect(other.calls).toBe(1);
  });
});
