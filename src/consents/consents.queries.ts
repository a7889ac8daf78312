import { AccessScope } from '../common/access/access-scope';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_SCOPE } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { RecordConsentDto } from './dto/consent.dto';

/** One entry of the ledger, as written. */
export type ConsentEntryRow = Pick<Row<'consents'>, 'id' | 'purpose' | 'decision' | 'note' | 'recorded_by' | 'recorded_at'>;

/** A client's ledger: every entry, newest first, as JSON (so `recorded_at` is text). */
export interface LedgerRow {
  id: string;
  entries: (Omit<ConsentEntryRow, 'recorded_at'> & { recorded_at: string })[];
}

const ENTRY_JSON = `json_build_object('id', s.id, 'purpose', s.purpose, 'decision', s.decision, 'note', s.note,
  'recorded_by', s.recorded_by, 'recorded_at', s.recorded_at)`;

/** SQL: the latest entry of a purpose in a client's ledger is a grant; no entry is not one. */
export const consentGranted = (client: string, purpose: string) =>
  `coalesce((SELECT g.decision FROM consents g WHERE g.client_id = ${client} AND g.purpose = ${purpose}
             ORDER BY g.recorded_at DESC, g.id LIMIT 1), 'withdrawn') = 'granted'`;

/** The consent ledger: rows are only ever added; the current state is the latest per purpose. */
export const consentsQueries = queryModule(
  'consents',
  {
    ledger(scope: AccessScope, clientId: string) {
      const p = new SqlParams();
      return statement<LedgerRow>(
        `SELECT c.id,
        coalesce((SELECT json_agg(${ENTRY_JSON} ORDER BY s.recorded_at DESC, s.id) FROM consents s WHERE s.client_id = c.id), '[]') AS entries
      FROM clients c WHERE c.id = ${p.add(clientId)} AND ${scope.clients(p, 'c')}`,
        p,
      );
    },

    /** Adds an entry for a client in the caller's reach; no row otherwise. */
    record(scope: AccessScope, clientId: string, entry: RecordConsentDto, recordedBy: string) {
      const p = new SqlParams();
      return statement<ConsentEntryRow>(
        `INSERT INTO consents (client_id, purpose, decision, note, recorded_by)
      SELECT c.id, ${p.add(entry.purpose)}, ${p.add(entry.decision)}, ${p.add(entry.note ?? null)}, ${p.add(recordedBy)}
        FROM clients c WHERE c.id = ${p.add(clientId)} AND ${scope.clients(p, 'c')}
      RETURNING id, purpose, decision, note, recorded_by, recorded_at`,
        p,
      );
    },

    /** The clients among `clientIds` whose latest `purpose` entry is not a grant; they were found in scope first. */
    withoutConsent(clientIds: string[], purpose: Row<'consents'>['purpose']) {
      return statement<{ id: string }>(
        `SELECT c.id FROM unnest($1::uuid[]) AS c(id) WHERE NOT (${consentGranted('c.id', '$2')})`,
        [clientIds, purpose],
        'after-scoped-check',
      );
    },
  },
  {
    ledger: [[SAMPLE_SCOPE.client, SAMPLE_ID.client], [SAMPLE_SCOPE.therapist, SAMPLE_ID.client]],
    record: [[SAMPLE_SCOPE.client, SAMPLE_ID.client, { purpose: 'joint_record_release', decision: 'granted', note: 'Signed form' }, SAMPLE_ID.clientUser]],
    withoutConsent: [[[SAMPLE_ID.client, SAMPLE_ID.partner], 'joint_record_release']],
  },
);
