import { createHash } from 'node:crypto';
import { applyDecorators, CallHandler, createParamDecorator, ExecutionContext, Injectable, NestInterceptor, UseInterceptors } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';
import type { Actor } from '../auth/roles';
import { InvalidRequest } from '../problem/problem';
import type { IdempotentAnswer, IdempotentRequest } from './idempotency';

const KEY_SHAPE = /^[\x21-\x7e]{1,200}$/;

/** Only the caller who sent a key may replay it; anonymous callers are told apart by address (hashed: not stored as such). */
function scopeOf(request: FastifyRequest & { user?: Actor }): string {
  const actor = request.user;
  if (actor) return `${actor.kind === 'apiKey' ? 'key' : 'user'}:${actor.id}`;
  return `public:${createHash('sha256').update(request.ip).digest('hex').slice(0, 40)}`;
}

/** The request's `Idempotency-Key` with its caller and operation, or undefined without one; a malformed key is a 400. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): IdempotentRequest | undefined => {
  const request = context.switchToHttp().getRequest<FastifyRequest & { user?: Actor }>();
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || !KEY_SHAPE.test(key)) {
    throw new InvalidRequest('Idempotency-Key must be 1–200 visible ASCII characters.', [{ field: 'Idempotency-Key', message: 'malformed' }]);
  }
  return { scope: scopeOf(request), key, operation: `${request.method} ${request.url.split('?')[0]}` };
});

/** Sends a first answer, or its replay with the first answer's status and `Idempotency-Replayed: true`. */
@Injectable()
class SendIdempotentAnswer implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<IdempotentAnswer<unknown>>): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((answer) => {
        void reply.status(answer.status);
        if (answer.replayed) void reply.header('Idempotency-Replayed', 'true');
        return answer.body;
      }),
    );
  }
}

/** A create that accepts `Idempotency-Key` (see docs/api-conventions.md); the handler answers an IdempotentAnswer. */
export const Idempotent = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Same key and body replay the first answer (header Idempotency-Replayed: true); another body is 422; while the first is running, 409. 1–200 visible ASCII characters, kept 24 hours.',
      schema: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7e]{1,200}$', example: '6f1c2b7e-0d4a-4c55-9a7e-2b1d8c3f4e5a' },
    }),
    UseInterceptors(SendIdempotentAnswer),
  );
