import { AccessScope } from '../common/access/access-scope';
import { queryModule } from '../database/query-module';
import { SAMPLE_ACTOR, SAMPLE_ID, SAMPLE_SCOPE } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { SESSION_CLIENT_IDS } from '../therapy-sessions/therapy-sessions.queries';

/** One version of a note, as JSON (so `written_at` is text), with its author's name. */
export type NoteVersionRow = Pick<Row<'clinical_notes'>, 'version' | 'text' | 'author_id' | 'corrects_version' | 'reason'> & {
  author_name: Row<'users'>['display_name'];
  written_at: string;
};

/** A session's note: every version, oldest first, and the clients the session concerns. */
export interface NoteRow {
  session_id: string;
  client_ids: string[];
  versions: NoteVersionRow[];
}

/** A session about to get a note version, locked: whose it is, and its current version (null before the first). */
export interface NoteSessionRow {
  client_ids: string[];
  current: number | null;
}

/** A new version of a session's note: the original (version 1) or a correction of the one before. */
export interface NoteVersion {
  sessionId: string;
  version: number;
  text: string;
  correctsVersion: number | null;
  reason: string | null;
  authorId: string;
}

export const clinicalNotesQueries = queryModule(
  'clinical-notes',
  {
    /** The note of a session the caller may write notes for, aggregated into one row (`s` in scope). */
    note(scope: AccessScope, sessionId: string) {
      const p = new SqlParams();
      return statement<NoteRow>(
        `SELECT s.id AS session_id, ${SESSION_CLIENT_IDS} AS client_ids,
    json_agg(json_build_object('version', n.version, 'text', n.text, 'author_id', n.author_id, 'author_name', a.display_name,
      'written_at', n.written_at, 'corrects_version', n.corrects_version, 'reason', n.reason) ORDER BY n.version) AS versions
  FROM therapy_sessions s
  JOIN clinical_notes n ON n.session_id = s.id
  JOIN users a ON a.id = n.author_id WHERE s.id = ${p.add(sessionId)} AND ${scope.clinicalNotes(p, 's')}
      GROUP BY s.id`,
        p,
      );
    },

    /** The session row lock queues concurrent writers, so versions stay gap-free. */
    sessionForWriting(scope: AccessScope, sessionId: string) {
      const p = new SqlParams();
      return statement<NoteSessionRow>(
        `SELECT ${SESSION_CLIENT_IDS} AS client_ids, (SELECT max(n.version) FROM clinical_notes n WHERE n.session_id = s.id) AS current
           FROM therapy_sessions s
          WHERE s.id = ${p.add(sessionId)} AND ${scope.clinicalNotes(p, 's')}
          FOR UPDATE OF s`,
        p,
      );
    },

    /** After `sessionForWriting` found and locked the session. */
    addVersion(v: NoteVersion) {
      return statement(
        `INSERT INTO clinical_notes (session_id, version, text, corrects_version, reason, author_id) VALUES ($1, $2, $3, $4, $5, $6)`,
        [v.sessionId, v.version, v.text, v.correctsVersion, v.reason, v.authorId],
        'after-scoped-check',
      );
    },
  },
  {
    note: [[SAMPLE_SCOPE.therapist, SAMPLE_ID.session]],
    sessionForWriting: [[SAMPLE_SCOPE.therapist, SAMPLE_ID.session]],
    addVersion: [
      [{ sessionId: SAMPLE_ID.session, version: 1, text: 'Session focused on repair.', correctsVersion: null, reason: null, authorId: SAMPLE_ACTOR.therapist.id }],
      [{ sessionId: SAMPLE_ID.session, version: 2, text: 'Corrected.', correctsVersion: 1, reason: 'Wrong date', authorId: SAMPLE_ID.therapist }],
    ],
  },
);
