import { EntityManager } from 'typeorm';
import { Unprocessable } from '../common/problem/problem';
import { first } from '../database/statement';
import { USER_PROBLEMS } from './users.problems';
import { usersQueries } from './users.queries';

/**
 * Before a record is handed to a therapist (a client moved to their caseload, a couple to their
 * care): they must be an active therapist, and stay one until the transaction ends; otherwise 422
 * naming `field`. Without it an admin could hand a couple to a client's portal account or to
 * themselves, and no therapist could reach its ruptures or clinical work.
 */
export async function lockTherapistHandedTo(tx: EntityManager, therapistId: string, field: string): Promise<void> {
  if (await first(tx, usersQueries.lockActiveTherapist(therapistId))) return;
  throw new Unprocessable(USER_PROBLEMS['unknown-therapist'], 'A record is handed only to an active therapist.', {
    errors: [{ field, message: `${field} must be an active therapist` }],
  });
}
