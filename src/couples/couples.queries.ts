import { CLIENT_COLUMNS, ClientRow } from '../clients/clients.queries';
import { AccessScope } from '../common/access/access-scope';
import { KeyedRow, keyset } from '../common/pagination/keyset';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_SCOPE, sampleCursor } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { UpdateCoupleDto } from './dto/create-couple.dto';
import { ListCouplesQuery } from './dto/list-couples.query';

type Partner<P extends string> = { [K in 'legal_name' | 'preferred_name' | 'pronouns' as `${P}_${K}`]: Row<'clients'>[K] };

/** A couple with the fields of its partners every party may see; dates as text, so no time zone shifts them. */
export type CoupleRow = Pick<
  Row<'couples'>,
  'id' | 'therapist_id' | 'status' | 'created_at' | 'updated_at' | 'partner_a_id' | 'partner_b_id' | 'billing_payer' | 'billing_share_a_basis_points'
> & {
  started_on: string;
  ended_on: string | null;
} & Partner<'a'> &
  Partner<'b'>;

/** A couple `k` with its partners `a` and `b`: only the fields every party may see. */
const COUPLE_SELECT = `SELECT k.id, k.therapist_id, k.status,
    to_char(k.started_on, 'YYYY-MM-DD') AS started_on, to_char(k.ended_on, 'YYYY-MM-DD') AS ended_on,
    k.created_at, k.updated_at, k.billing_payer, k.billing_share_a_basis_points,
    k.partner_a_id, a.legal_name AS a_legal_name, a.preferred_name AS a_preferred_name, a.pronouns AS a_pronouns,
    k.partner_b_id, b.legal_name AS b_legal_name, b.preferred_name AS b_preferred_name, b.pronouns AS b_pronouns`;

const COUPLE_FROM = `FROM couples k
  JOIN clients a ON a.id = k.partner_a_id
  JOIN clients b ON b.id = k.partner_b_id`;

/** The couple list: the most recently started first. */
export const COUPLE_ORDER = keyset({ column: 'k.started_on', type: 'date', descending: true }, { column: 'k.id', type: 'uuid', descending: true });

/** A new couple: both partners in the caller's reach, the therapist an active therapist. */
export interface NewCouple {
  partnerAId: string;
  partnerBId: string;
  therapistId: string;
  startedOn?: string;
}

export const couplesQueries = queryModule(
  'couples',
  {
    list(scope: AccessScope, query: ListCouplesQuery) {
      const p = new SqlParams();
      const where = [scope.couples(p, 'k')];
      if (query.status) where.push(`k.status = ${p.add(query.status)}`);
      if (query.therapistId) where.push(`k.therapist_id = ${p.add(query.therapistId)}`);
      if (query.clientId) where.push(`${p.add(query.clientId)}::uuid IN (k.partner_a_id, k.partner_b_id)`);
      where.push(COUPLE_ORDER.after(query.cursor, p));
      return statement<CoupleRow & KeyedRow>(
        `${COUPLE_SELECT}, ${COUPLE_ORDER.key}
  ${COUPLE_FROM} WHERE ${where.join(' AND ')} ORDER BY ${COUPLE_ORDER.orderBy} LIMIT ${COUPLE_ORDER.limit(query.limit)}`,
        p,
      );
    },

    couple(scope: AccessScope, id: string) {
      const p = new SqlParams();
      return statement<CoupleRow>(`${COUPLE_SELECT}
  ${COUPLE_FROM} WHERE k.id = ${p.add(id)} AND ${scope.couples(p, 'k')}`, p);
    },

    /** The couple just created or changed in this transaction, as answered. */
    written(id: string) {
      return statement<CoupleRow>(`${COUPLE_SELECT}
  ${COUPLE_FROM} WHERE k.id = $1`, [id], 'after-scoped-check');
    },

    /** No row when a partner is out of the caller's reach or archived (the therapist is found active, and locked, first: `lockTherapistHandedTo`). */
    create(scope: AccessScope, couple: NewCouple) {
      const p = new SqlParams();
      const a = p.add(couple.partnerAId);
      const b = p.add(couple.partnerBId);
      const therapist = p.add(couple.therapistId);
      const startedOn = p.add(couple.startedOn ?? null);
      return statement<Pick<Row<'couples'>, 'id'>>(
        `INSERT INTO couples (partner_a_id, partner_b_id, therapist_id, started_on)
      SELECT ${a}::uuid, ${b}::uuid, ${therapist}::uuid, coalesce(${startedOn}::date, current_date)
       WHERE (SELECT count(*) FROM clients c WHERE c.id IN (${a}::uuid, ${b}::uuid) AND c.archived_at IS NULL AND ${scope.clients(p, 'c')}) = 2
      RETURNING id`,
        p,
      );
    },

    /** Status (ending sets the end date, any other status clears it), end date and therapist; at least one of them. */
    update(scope: AccessScope, id: string, changes: UpdateCoupleDto) {
      const p = new SqlParams();
      const sets: string[] = [];
      if (changes.status) sets.push(`status = ${p.add(changes.status)}`);
      if (changes.status === 'ended' || changes.endedOn) sets.push(`ended_on = coalesce(${p.add(changes.endedOn ?? null)}::date, k.ended_on, current_date)`);
      else if (changes.status) sets.push('ended_on = NULL');
      if (changes.therapistId) sets.push(`therapist_id = ${p.add(changes.therapistId)}`);
      if (changes.billingPayer) {
        sets.push(`billing_payer = ${p.add(changes.billingPayer)}`, `billing_share_a_basis_points = ${p.add(changes.partnerAShareBasisPoints ?? null)}::int`);
      }
      const where = `k.id = ${p.add(id)} AND ${scope.couples(p, 'k')}`;
      return statement<Pick<Row<'couples'>, 'id' | 'partner_a_id' | 'partner_b_id'>>(
        `UPDATE couples k SET ${sets.join(', ')}, updated_at = now() WHERE ${where} RETURNING k.id, k.partner_a_id, k.partner_b_id`,
        p,
      );
    },

    /** The partners' records for a release of the joint record, `first` first; the couple was read in scope. */
    partnerRecords(partnerIds: string[], first: string) {
      return statement<ClientRow>(
        `SELECT ${CLIENT_COLUMNS} FROM clients c WHERE c.id = ANY($1::uuid[]) ORDER BY c.id = $2 DESC`,
        [partnerIds, first],
        'after-scoped-check',
      );
    },
  },
  {
    list: [
      [SAMPLE_SCOPE.therapist, { limit: 20 }],
      [SAMPLE_SCOPE.admin, { limit: 20, status: 'active', therapistId: SAMPLE_ID.therapist, clientId: SAMPLE_ID.client, cursor: sampleCursor('2026-03-01', SAMPLE_ID.couple) }],
      [SAMPLE_SCOPE.client, { limit: 20 }],
    ],
    couple: [[SAMPLE_SCOPE.therapist, SAMPLE_ID.couple], [SAMPLE_SCOPE.client, SAMPLE_ID.couple]],
    written: [[SAMPLE_ID.couple]],
    create: [[SAMPLE_SCOPE.therapist, { partnerAId: SAMPLE_ID.client, partnerBId: SAMPLE_ID.partner, therapistId: SAMPLE_ID.therapist, startedOn: '2026-03-01' }]],
    update: [
      [SAMPLE_SCOPE.admin, SAMPLE_ID.couple, { status: 'ended', endedOn: '2026-03-31', therapistId: SAMPLE_ID.therapist }],
      [SAMPLE_SCOPE.therapist, SAMPLE_ID.couple, { status: 'paused' }],
      [SAMPLE_SCOPE.therapist, SAMPLE_ID.couple, { billingPayer: 'split', partnerAShareBasisPoints: 6000 }],
    ],
    partnerRecords: [[[SAMPLE_ID.client, SAMPLE_ID.partner], SAMPLE_ID.client]],
  },
);
