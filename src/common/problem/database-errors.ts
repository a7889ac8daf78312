import { HttpStatus } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { problemForConstraint } from './constraint-problems';
import { Problem } from './problem';

/** PostgreSQL error fields we read; never echoed to the caller. */
interface PgError {
  code?: string;
  constraint?: string;
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006', '53300']);

/**
 * Maps a database error to a problem that says what went wrong in the caller's terms, or
 * undefined when it is an internal fault. Constraint names never leave the process.
 */
export function problemFromDatabaseError(error: unknown): Problem | undefined {
  const pg = (error instanceof QueryFailedError ? error.driverError : error) as PgError | undefined;
  const code = pg?.code;
  if (!code) return undefined;
  const specific = problemForConstraint(pg?.constraint);
  if (specific) return specific;
  switch (code) {
    case '23505':
      return new Problem(HttpStatus.CONFLICT, 'duplicate', 'Conflict', 'A record with these unique values already exists.');
    case '23P01':
      return new Problem(HttpStatus.CONFLICT, 'overlap', 'Conflict', 'The time overlaps another booking.');
    case '23503':
      return new Problem(HttpStatus.CONFLICT, 'reference', 'Conflict', 'The record refers to, or is referred to by, another record that does not allow this change.');
    case '23514':
    case '23502':
      return new Problem(HttpStatus.UNPROCESSABLE_ENTITY, 'constraint', 'Unprocessable request', 'The values break a rule of the record.');
    case '22P02':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
    case '22021':
    case '22P05':
      return new Problem(HttpStatus.BAD_REQUEST, 'validation', 'Invalid request', 'A value in the request is malformed or out of range.');
    case '40001':
    case '40P01':
      return new Problem(HttpStatus.CONFLICT, 'concurrent-change', 'Conflict', 'Another change happened at the same time; retry the request.');
    default:
      if (CONNECTION_CODES.has(code)) {
        return new Problem(HttpStatus.SERVICE_UNAVAILABLE, 'unavailable', 'Service unavailable', 'The database is unavailable; retry shortly.');
      }
      return undefined;
  }
}
