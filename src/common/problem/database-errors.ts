import { COMMON_PROBLEMS } from './common.problems';
import { HttpStatus } from '@nestjs/common';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { problemForConstraint } from './constraint-problems';
import { Problem, ServiceUnavailable } from './problem';

/** PostgreSQL error fields we read; never echoed to the caller. */
interface PgError {
  code?: string;
  constraint?: string;
  message?: string;
  driverError?: unknown;
  cause?: unknown;
}

/**
 * Faults of the connection rather than of the statement: the server went away, refused, was too
 * busy or too slow (statement, lock and idle-in-transaction timeouts: 57014, 55P03, 25P03), or the socket broke.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
  '57P01', '57P02', '57P03', '57P04', '57P05', '57014', '55P03', '25P03', '53300', '08000', '08001', '08003', '08004', '08006',
]);

/** node-postgres and TypeORM report a lost or never-made connection with a message and no code. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Query read timeout/,
  /is not queryable/,
  /^Driver not Connected/,
  /^Cannot use a pool after calling end/,
];

const RETRYABLE_CODES = new Set(['40001', '40P01']);

/** The error and what it wraps (TypeORM's driverError, an Error's cause), outermost first. */
function* chain(error: unknown): Generator<PgError> {
  for (let e = error as PgError | undefined, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    yield e;
    e = (e instanceof QueryFailedError ? e.driverError : e.cause) as PgError | undefined;
  }
}

/** Whether `error` says the database could not be reached or did not answer in time. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (const e of chain(error)) {
    // TypeORM gives up a transaction's connection when it breaks; later statements of it say so.
    if (e instanceof QueryRunnerAlreadyReleasedError || e instanceof QueryRunnerProviderAlreadyReleasedError) return true;
    if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
    if (!e.code && typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((m) => m.test(e.message as string))) return true;
  }
  return false;
}

/** A deadlock or serialization failure: the same work run again may well succeed. */
export function isRetryableConflict(error: unknown): boolean {
  for (const e of chain(error)) if (e.code && RETRYABLE_CODES.has(e.code)) return true;
  return false;
}

/**
 * Maps a database error to a problem that says what went wrong in the caller's terms, or
 * undefined when it is an internal fault. Constraint names never leave the process.
 */
export function problemFromDatabaseError(error: unknown): Problem | undefined {
  if (isDatabaseUnavailable(error)) return new ServiceUnavailable();
  const pg = (error instanceof QueryFailedError ? error.driverError : error) as PgError | undefined;
  const code = pg?.code;
  if (!code) return undefined;
  const specific = problemForConstraint(pg?.constraint);
  if (specific) return specific;
  switch (code) {
    case '23505':
      return new Problem(HttpStatus.CONFLICT, COMMON_PROBLEMS.duplicate, 'Conflict', 'A record with these unique values already exists.');
    case '23P01':
      return new Problem(HttpStatus.CONFLICT, COMMON_PROBLEMS.overlap, 'Conflict', 'The time overlaps another booking.');
    case '23503':
      return new Problem(HttpStatus.CONFLICT, COMMON_PROBLEMS.reference, 'Conflict', 'The record refers to, or is referred to by, another record that does not allow this change.');
    case '23514':
    case '23502':
      return new Problem(HttpStatus.UNPROCESSABLE_ENTITY, COMMON_PROBLEMS.constraint, 'Unprocessable request', 'The values break a rule of the record.');
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
    case '22021':
    case '22P05':
      return new Problem(HttpStatus.BAD_REQUEST, COMMON_PROBLEMS.validation, 'Invalid request', 'A value in the request is malformed or out of range.');
    case '40001':
    case '40P01':
      return new Problem(HttpStatus.CONFLICT, COMMON_PROBLEMS['concurrent-change'], 'Conflict', 'Another change happened at the same time; retry the request.');
    default:
      return undefined;
  }
}
