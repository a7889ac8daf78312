import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_TIME } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { statement } from '../database/statement';

const SAMPLE_HASH = Buffer.alloc(32);

/** Sign-ins: the refresh tokens of each, rotated, replayed within the grace period, and ended. */
export const signInsQueries = queryModule(
  'sign-ins',
  {
    issueRefreshToken(token: Pick<Row<'refresh_tokens'>, 'user_id' | 'family_id' | 'token_hash' | 'created_at' | 'expires_at'>) {
      return statement(`INSERT INTO refresh_tokens (user_id, family_id, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)`, [
        token.user_id,
        token.family_id,
        token.token_hash,
        token.created_at,
        token.expires_at,
      ]);
    },
    /** Uses a live, unused token once; answers its sign-in. */
    useRefreshToken(tokenHash: Buffer) {
      return statement<Pick<Row<'refresh_tokens'>, 'user_id' | 'family_id'>>(
        `UPDATE refresh_tokens SET used_at = now()
          WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
          RETURNING user_id, family_id`,
        [tokenHash],
      );
    },
    /** The unused successor of a token used within the grace period: a second tab's refresh gets the same pair. */
    rotationInGrace(tokenHash: Buffer, successorHash: Buffer, graceSeconds: number) {
      return statement<Pick<Row<'refresh_tokens'>, 'user_id' | 'family_id'> & { issued_at: Date }>(
        `SELECT n.user_id, n.family_id, n.created_at AS issued_at
           FROM refresh_tokens o JOIN refresh_tokens n ON n.token_hash = $2 AND n.family_id = o.family_id
          WHERE o.token_hash = $1 AND o.revoked_at IS NULL AND o.used_at > now() - make_interval(secs => $3)
            AND n.used_at IS NULL AND n.revoked_at IS NULL`,
        [tokenHash, successorHash, graceSeconds],
      );
    },
    /** A used token presented again: the whole family it belongs to is revoked. */
    revokeFamilyOfUsedToken(tokenHash: Buffer) {
      return statement(
        `UPDATE refresh_tokens SET revoked_at = now()
          WHERE revoked_at IS NULL
            AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1 AND used_at IS NOT NULL)`,
        [tokenHash],
      );
    },
    /** Signing out: every token of the sign-in the token belongs to. */
    endSignIn(tokenHash: Buffer) {
      return statement(
        `UPDATE refresh_tokens SET revoked_at = now()
        WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
        [tokenHash],
      );
    },
    /** Every sign-in of the user but `keep`: their refresh tokens and, through them, their access tokens. */
    endSignIns(userId: string, keep: string | null = null) {
      return statement(
        'UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND family_id IS DISTINCT FROM $2',
        [userId, keep],
      );
    },
  },
  {
    issueRefreshToken: [
      [{ user_id: SAMPLE_ID.therapist, family_id: SAMPLE_ID.other, token_hash: SAMPLE_HASH, created_at: SAMPLE_TIME.from, expires_at: SAMPLE_TIME.to }],
    ],
    useRefreshToken: [[SAMPLE_HASH]],
    rotationInGrace: [[SAMPLE_HASH, SAMPLE_HASH, 10]],
    revokeFamilyOfUsedToken: [[SAMPLE_HASH]],
    endSignIn: [[SAMPLE_HASH]],
    endSignIns: [[SAMPLE_ID.therapist], [SAMPLE_ID.therapist, SAMPLE_ID.other]],
  },
);
