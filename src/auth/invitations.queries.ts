import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_TIME } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { statement } from '../database/statement';

const SAMPLE_HASH = Buffer.alloc(32);

/**
 * Portal invitations. Sending one follows the clients module's scoped read of the client, locked;
 * accepting one starts from the hash of the link's token.
 */
export const invitationsQueries = queryModule(
  'invitations',
  {
    /** An earlier unused invitation of the client stops working. */
    endUnused(clientId: string) {
      return statement(
        'UPDATE invitations SET expires_at = now() WHERE client_id = $1 AND accepted_at IS NULL AND expires_at > now()',
        [clientId],
        'after-scoped-check',
      );
    },
    create(invitation: Pick<Row<'invitations'>, 'client_id' | 'email' | 'token_hash' | 'expires_at' | 'created_by'>) {
      return statement<Pick<Row<'invitations'>, 'id' | 'email' | 'expires_at'>>(
        `INSERT INTO invitations (client_id, email, token_hash, expires_at, created_by) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, email, expires_at`,
        [invitation.client_id, invitation.email, invitation.token_hash, invitation.expires_at, invitation.created_by],
        'after-scoped-check',
      );
    },
    /** Locked, so of two concurrent accepts exactly one succeeds and the other finds it used. */
    byToken(tokenHash: Buffer) {
      return statement<Pick<Row<'invitations'>, 'id' | 'email' | 'client_id'> & { accepted: boolean; expired: boolean }>(
        `SELECT id, email, client_id, accepted_at IS NOT NULL AS accepted, expires_at <= now() AS expired
           FROM invitations WHERE token_hash = $1 FOR UPDATE`,
        [tokenHash],
        'bearer-token',
      );
    },
    accepted(id: string, userId: string) {
      return statement('UPDATE invitations SET accepted_at = now(), user_id = $2 WHERE id = $1', [id, userId], 'bearer-token');
    },
    /** The client of the accepted invitation gets the new account, unless they already have one. */
    linkPortalAccount(userId: string, clientId: string) {
      return statement<Pick<Row<'clients'>, 'id'>>(
        'UPDATE clients SET portal_user_id = $1 WHERE id = $2 AND portal_user_id IS NULL RETURNING id',
        [userId, clientId],
        'bearer-token',
      );
    },
  },
  {
    endUnused: [[SAMPLE_ID.client]],
    create: [[{ client_id: SAMPLE_ID.client, email: 'sam@example.org', token_hash: SAMPLE_HASH, expires_at: SAMPLE_TIME.to, created_by: SAMPLE_ID.therapist }]],
    byToken: [[SAMPLE_HASH]],
    accepted: [[SAMPLE_ID.other, SAMPLE_ID.clientUser]],
    linkPortalAccount: [[SAMPLE_ID.clientUser, SAMPLE_ID.client]],
  },
);
