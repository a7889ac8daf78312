import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { problemFromDatabaseError } from './database-errors';
import { Problem, PROBLEM_CONTENT_TYPE, ProblemBody, ServiceUnavailable, TooManyRequests } from './problem';

const TITLES: Record<number, string> = {
  400: 'Invalid request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/** Errors raised by Fastify itself before a route runs (body parsing, limits). */
interface FastifyError {
  statusCode?: number;
  code?: string;
}

/** Turns every error into application/problem+json; internals are logged, never sent. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const known = exception instanceof Problem ? exception : problemFromDatabaseError(exception);
    const body = this.toProblem(known ?? exception, request);
    if (body.status >= 500) {
      const e = exception as { name?: string; code?: string; stack?: string };
      this.logger.error({ err: { name: e?.name, code: e?.code, stack: e?.stack }, requestId: request?.id }, 'request failed');
    }
    if (known instanceof TooManyRequests || known instanceof ServiceUnavailable) reply.header('retry-after', String(known.retryAfterSeconds));
    reply.status(body.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
  }

  private toProblem(exception: unknown, request: FastifyRequest): ProblemBody {
    const instance = request?.id ? { instance: `urn:request:${request.id}` } : {};
    if (exception instanceof Problem) return { ...exception.toBody(), ...instance };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      return { ...generic(status, describe(exception, status, request)), ...instance };
    }
    const fastify = exception as FastifyError;
    if (fastify?.statusCode && fastify.statusCode >= 400 && fastify.statusCode < 500) {
      return { ...generic(fastify.statusCode, fastifyDetail(fastify)), ...instance };
    }
    return { ...generic(HttpStatus.INTERNAL_SERVER_ERROR, 'An unexpected error occurred; it has been logged.'), ...instance };
  }
}

function generic(status: number, detail: string): ProblemBody {
  return { type: 'about:blank', title: TITLES[status] ?? 'Error', status, detail };
}

function describe(exception: HttpException, status: number, request: FastifyRequest): string {
  if (status === HttpStatus.NOT_FOUND && request) return `No route matches ${request.method} ${request.url.split('?')[0]}.`;
  if (status === HttpStatus.PAYLOAD_TOO_LARGE) return 'The request body is larger than this API accepts.';
  const response = exception.getResponse();
  const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
}

function fastifyDetail(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request body is larger than this API accepts.';
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Send the body as application/json.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The body is empty but declared as JSON.';
    default:
      return error.statusCode === 400 ? 'The request body is not valid JSON.' : 'The request could not be processed.';
  }
}
