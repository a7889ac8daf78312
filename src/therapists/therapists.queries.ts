import { AccessScope } from '../common/access/access-scope';
import { PageQuery } from '../common/pagination/pagination';
import { keyset, KeyedRow } from '../common/pagination/keyset';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_SCOPE, sampleCursor } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { ACTIVE_THERAPIST } from '../users/users.queries';
import { AvailabilityWindowDto } from './dto/availability.dto';

/** A window as the API shows it: weekday and "HH:MM" wall-clock times. */
export type WindowRow = Pick<Row<'availability_windows'>, 'weekday'> & { start: string; end: string };

/** What the public sees of a bookable therapist. */
export type BookableTherapistRow = Pick<Row<'users'>, 'id'> & { displayName: Row<'users'>['display_name'] } & Pick<Row<'therapist_profiles'>, 'credentials' | 'languages' | 'bio'> &
  KeyedRow;

/** The public list: by name, then id. */
export const BOOKABLE_ORDER = keyset({ column: 'u.display_name', type: 'text' }, { column: 'u.id', type: 'uuid' });

/** Therapists' weekly availability, and the public list of those who take connection calls. */
export const therapistQueries = queryModule(
  'therapists',
  {
    /** The therapist, if the caller may manage their calendar (AccessScope.therapistCalendars). */
    reachableTherapist(scope: AccessScope, therapistId: string) {
      const p = new SqlParams();
      return statement<{ '?column?': number }>(`SELECT 1 FROM users u WHERE u.id = ${p.add(therapistId)} AND u.role = 'therapist' AND ${scope.therapistCalendars(p)}`, p);
    },

    weeklyWindows(therapistId: string) {
      return statement<WindowRow>(
        `SELECT weekday, to_char(starts_at, 'HH24:MI') AS start, to_char(ends_at, 'HH24:MI') AS end
         FROM availability_windows WHERE therapist_id = $1 ORDER BY weekday, starts_at`,
        [therapistId],
      );
    },

    /** The whole week is replaced: every window goes, then the new ones are written. */
    replaceWindows(therapistId: string, windows: AvailabilityWindowDto[]) {
      const remove = statement('DELETE FROM availability_windows WHERE therapist_id = $1', [therapistId]);
      if (!windows.length) return [remove];
      return [
        remove,
        statement(
          `INSERT INTO availability_windows (therapist_id, weekday, starts_at, ends_at)
           SELECT $1, w.weekday, w.start::time, w."end"::time FROM jsonb_to_recordset($2::jsonb) AS w(weekday int, start text, "end" text)`,
          [therapistId, JSON.stringify(windows)],
        ),
      ];
    },

    bookableTherapists(query: PageQuery) {
      const p = new SqlParams();
      return statement<BookableTherapistRow>(
        `SELECT u.id, u.display_name AS "displayName", p.credentials, p.languages, p.bio, ${BOOKABLE_ORDER.key}
         FROM users u JOIN therapist_profiles p ON p.user_id = u.id
        WHERE ${ACTIVE_THERAPIST('u')} AND p.takes_connection_calls AND ${BOOKABLE_ORDER.after(query.cursor, p)}
        ORDER BY ${BOOKABLE_ORDER.orderBy} LIMIT ${BOOKABLE_ORDER.limit(query.limit)}`,
        p,
      );
    },
  },
  {
    reachableTherapist: [[SAMPLE_SCOPE.therapist, SAMPLE_ID.therapist], [SAMPLE_SCOPE.admin, SAMPLE_ID.therapist]],
    weeklyWindows: [[SAMPLE_ID.therapist]],
    replaceWindows: [[SAMPLE_ID.therapist, [{ weekday: 2, start: '09:00', end: '12:00' }]], [SAMPLE_ID.therapist, []]],
    bookableTherapists: [[{ limit: 20 }], [{ limit: 20, cursor: sampleCursor('Dana Morel', SAMPLE_ID.therapist) }]],
  },
);
