import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_TIME } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { statement } from '../database/statement';

const SAMPLE_HASH = Buffer.alloc(32);

/** Passwords: changing one, and the single-use reset links sent by email. */
export const passwordsQueries = queryModule(
  'passwords',
  {
    currentPassword(userId: string) {
      return statement<Pick<Row<'users'>, 'email' | 'password_hash'>>('SELECT email, password_hash FROM users WHERE id = $1', [userId]);
    },
    setPassword(userId: string, passwordHash: string) {
      return statement('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [userId, passwordHash]);
    },
    activeAccountWithEmail(email: string) {
      return statement<Pick<Row<'users'>, 'id'>>('SELECT id FROM users WHERE email = $1 AND active', [email]);
    },
    /** A newer link replaces an unused one. */
    endUnusedResets(userId: string) {
      return statement('UPDATE password_resets SET expires_at = now() WHERE user_id = $1 AND used_at IS NULL AND expires_at > now()', [userId]);
    },
    createReset(reset: Pick<Row<'password_resets'>, 'user_id' | 'token_hash' | 'expires_at'>) {
      return statement('INSERT INTO password_resets (user_id, token_hash, expires_at) VALUES ($1, $2, $3)', [reset.user_id, reset.token_hash, reset.expires_at]);
    },
    /** Locked, so a link is used once; an account deactivated since counts as expired. */
    resetByToken(tokenHash: Buffer) {
      return statement<Pick<Row<'password_resets'>, 'id' | 'user_id'> & { used: boolean; expired: boolean }>(
        `SELECT r.id, r.user_id, r.used_at IS NOT NULL AS used, r.expires_at <= now() OR NOT u.active AS expired
           FROM password_resets r JOIN users u ON u.id = r.user_id WHERE r.token_hash = $1 FOR UPDATE OF r`,
        [tokenHash],
      );
    },
    resetUsed(id: string) {
      return statement('UPDATE password_resets SET used_at = now() WHERE id = $1', [id]);
    },
  },
  {
    currentPassword: [[SAMPLE_ID.therapist]],
    setPassword: [[SAMPLE_ID.therapist, '$argon2id$…']],
    activeAccountWithEmail: [['dana@clinic.example']],
    endUnusedResets: [[SAMPLE_ID.therapist]],
    createReset: [[{ user_id: SAMPLE_ID.therapist, token_hash: SAMPLE_HASH, expires_at: SAMPLE_TIME.to }]],
    resetByToken: [[SAMPLE_HASH]],
    resetUsed: [[SAMPLE_ID.other]],
  },
);
