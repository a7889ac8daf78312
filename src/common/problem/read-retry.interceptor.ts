import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, Observable, retry, throwError, timer } from 'rxjs';
import { isRetryableConflict } from './database-errors';
import { ServiceUnavailable } from './problem';

const READS = new Set(['GET', 'HEAD']);

/**
 * A read that PostgreSQL aborts as a deadlock or serialization failure (40P01, 40001) changed
 * nothing: it is run once more, and if that fails too the caller is told to come back (503).
 * Writes keep their own answer (409 concurrent-change), as a retried write is the caller's choice.
 */
@Injectable()
export class ReadRetryInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const method = context.switchToHttp().getRequest<{ method?: string }>()?.method ?? '';
    if (!READS.has(method)) return next.handle();
    return next.handle().pipe(
      retry({ count: 1, delay: (error: unknown) => (isRetryableConflict(error) ? timer(10 + Math.random() * 40) : throwError(() => error)) }),
      catchError((error: unknown) => throwError(() => (isRetryableConflict(error) ? new ServiceUnavailable(1) : error))),
    );
  }
}
