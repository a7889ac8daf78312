import { AccessScope } from '../common/access/access-scope';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_SCOPE, SAMPLE_TIME } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { SESSION_CLIENT_IDS, startsNearEnd } from '../therapy-sessions/therapy-sessions.queries';

/** A feed holds at most this many sessions, and as many calls; a year of weekly sessions is far below it. */
const MAX_FEED_EVENTS = 2000;

export type FeedOwnerRow = Pick<Row<'calendar_feeds'>, 'user_id'> & Pick<Row<'users'>, 'role' | 'display_name'>;

export type FeedCallRow = Pick<Row<'connection_calls'>, 'id' | 'starts_at' | 'ends_at' | 'modality' | 'name' | 'updated_at'>;

export type FeedSessionRow = Pick<Row<'therapy_sessions'>, 'id' | 'modality' | 'location' | 'video_url' | 'updated_at'> & {
  starts_at: Date;
  ends_at: Date;
  therapist_name: Row<'users'>['display_name'];
  client_name: Row<'clients'>['legal_name'] | null;
  client_ids: string[];
};

const SAMPLE_HASH = Buffer.alloc(32);

/**
 * Secret calendar feeds. A feed is found by the hash of its token; what it shows is read in its
 * owner's scope, as the owner would see it.
 */
export const calendarQueries = queryModule(
  'calendar',
  {
    /** A new token for the user's feed; the previous one stops working. */
    replaceFeedToken(userId: string, tokenHash: Buffer) {
      return statement(
        `INSERT INTO calendar_feeds (user_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
        [userId, tokenHash],
      );
    },

    /** The active person whose feed the token opens. */
    feedOwner(tokenHash: Buffer) {
      return statement<FeedOwnerRow>(
        `SELECT f.user_id, u.role, u.display_name FROM calendar_feeds f JOIN users u ON u.id = f.user_id AND u.active WHERE f.token_hash = $1`,
        [tokenHash],
      );
    },

    /** Connection calls not cancelled, ending at or after `from`. */
    feedCalls(scope: AccessScope, from: Date) {
      const p = new SqlParams();
      return statement<FeedCallRow>(
        `SELECT c.id, c.starts_at, c.ends_at, c.modality, c.name, c.updated_at FROM connection_calls c
        WHERE ${scope.connectionCalls(p)} AND c.status <> 'cancelled' AND c.ends_at >= ${p.add(from)} ORDER BY c.starts_at, c.id LIMIT ${MAX_FEED_EVENTS}`,
        p,
      );
    },

    /** Sessions not cancelled, ending at or after `from` (so starting no earlier than the longest session before it). */
    feedSessions(scope: AccessScope, from: Date) {
      const p = new SqlParams();
      const scoped = scope.sessions(p, 's');
      const since = `${p.add(from)}::timestamptz`;
      return statement<FeedSessionRow>(
        `SELECT s.id, lower(s.during) AS starts_at, upper(s.during) AS ends_at, s.modality, s.location, s.video_url,
        u.display_name AS therapist_name, (SELECT c.legal_name FROM clients c WHERE c.id = s.client_id) AS client_name, s.updated_at,
        ${SESSION_CLIENT_IDS} AS client_ids
      FROM therapy_sessions s
      JOIN users u ON u.id = s.therapist_id
     WHERE ${scoped} AND s.status <> 'cancelled' AND upper(s.during) >= ${since} AND ${startsNearEnd(since)}
     ORDER BY lower(s.during), s.id LIMIT ${MAX_FEED_EVENTS}`,
        p,
      );
    },
  },
  {
    replaceFeedToken: [[SAMPLE_ID.therapist, SAMPLE_HASH]],
    feedOwner: [[SAMPLE_HASH]],
    feedCalls: [[SAMPLE_SCOPE.therapist, SAMPLE_TIME.from]],
    feedSessions: [[SAMPLE_SCOPE.therapist, SAMPLE_TIME.from], [SAMPLE_SCOPE.client, SAMPLE_TIME.from]],
  },
);
