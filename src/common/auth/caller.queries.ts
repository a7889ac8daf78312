import { queryModule } from '../../database/query-module';
import { SAMPLE_ID } from '../../database/query-samples';
import { Row } from '../../database/schema.generated';
import { statement } from '../../database/statement';
import { Scope } from './roles';

/** Who is calling: the one statement every authenticated request runs, for a token or for a key. */
export const callerQueries = queryModule(
  'caller',
  {
    /** The user of an access token, while they are active and the sign-in (`sid`) has a live refresh token. */
    signedInUser(userId: string, sessionId: string) {
      return statement<Pick<Row<'users'>, 'id' | 'role'>>(
        `SELECT u.id, u.role FROM users u
        WHERE u.id = $1 AND u.active
          AND EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = $2 AND r.user_id = u.id AND r.revoked_at IS NULL)`,
        [userId, sessionId],
      );
    },
    /** An integration key that has not been revoked, by its hash. */
    workingApiKey(keyHash: Buffer) {
      return statement<Pick<Row<'api_keys'>, 'id'> & { scopes: Scope[] }>('SELECT id, scopes FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL', [
        keyHash,
      ]);
    },
  },
  {
    signedInUser: [[SAMPLE_ID.therapist, SAMPLE_ID.other]],
    workingApiKey: [[Buffer.alloc(32)]],
  },
);
