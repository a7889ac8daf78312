import { HttpException, HttpStatus } from '@nestjs/common';
import { COMMON_PROBLEMS } from './common.problems';
import { ProblemCode } from './problem-codes';

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details, as every error of this API is answered. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** `type` of a problem this API defines; each one is declared in a `*.problems.ts` and listed in docs/problems.md. */
export const problemType = (code: string) => `/problems/${code}`;

/**
 * An error with a stable code and a message meant for the caller. Services throw these;
 * the filter turns them into problem+json.
 */
export class Problem extends HttpException {
  readonly code: string;

  constructor(
    readonly httpStatus: HttpStatus,
    code: ProblemCode,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail, httpStatus);
    this.code = code.code;
  }

  toBody(): ProblemBody {
    return { type: problemType(this.code), title: this.title, status: this.httpStatus, detail: this.detail, ...this.extensions };
  }
}

export class NotFound extends Problem {
  constructor(resource: string) {
    super(HttpStatus.NOT_FOUND, COMMON_PROBLEMS['not-found'], 'Not found', `No ${resource} with this id is within your reach.`);
  }
}

export class Conflict extends Problem {
  constructor(code: ProblemCode<409>, detail: string, extensions: Record<string, unknown> = {}) {
    super(HttpStatus.CONFLICT, code, 'Conflict', detail, extensions);
  }
}

export class InvalidRequest extends Problem {
  constructor(detail: string, errors: FieldError[] = []) {
    super(HttpStatus.BAD_REQUEST, COMMON_PROBLEMS.validation, 'Invalid request', detail, errors.length ? { errors } : {});
  }
}

export class Unprocessable extends Problem {
  constructor(code: ProblemCode<422>, detail: string, extensions: Record<string, unknown> = {}) {
    super(HttpStatus.UNPROCESSABLE_ENTITY, code, 'Unprocessable request', detail, extensions);
  }
}

export class Forbidden extends Problem {
  constructor(detail = 'Your role may not perform this operation.') {
    super(HttpStatus.FORBIDDEN, COMMON_PROBLEMS.forbidden, 'Forbidden', detail);
  }
}

export class Unauthorized extends Problem {
  constructor(detail = 'Sign in, or send a valid access token or API key.') {
    super(HttpStatus.UNAUTHORIZED, COMMON_PROBLEMS.unauthorized, 'Unauthorized', detail);
  }
}

export class TooManyRequests extends Problem {
  constructor(
    readonly retryAfterSeconds: number,
    detail = 'Too many requests; try again later.',
  ) {
    super(HttpStatus.TOO_MANY_REQUESTS, COMMON_PROBLEMS['rate-limited'], 'Too many requests', detail, { retryAfter: retryAfterSeconds });
  }
}

/** The database did not answer in time or at all: nothing was decided, the same request may be sent again. */
export class ServiceUnavailable extends Problem {
  constructor(
    readonly retryAfterSeconds = 2,
    detail = 'The database is unavailable; retry shortly.',
    extensions: Record<string, unknown> = {},
  ) {
    super(HttpStatus.SERVICE_UNAVAILABLE, COMMON_PROBLEMS.unavailable, 'Service unavailable', detail, extensions);
  }
}

/** A one-time link or token that worked once and never will again (used, expired, replaced). */
export class Gone extends Problem {
  constructor(code: ProblemCode<410>, detail: string) {
    super(HttpStatus.GONE, code, 'Gone', detail);
  }
}
