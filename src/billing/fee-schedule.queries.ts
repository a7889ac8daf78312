import { KeyedRow, keyset } from '../common/pagination/keyset';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, sampleCursor } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { ServiceKind, ServiceParty, TaxTreatment } from './fee-schedule.entities';

/** A service type with its prices, oldest first, and the one in force today in the clinic's zone. */
export type ServiceTypeRow = Pick<Row<'service_types'>, 'id' | 'code' | 'name' | 'kind' | 'party' | 'duration_minutes' | 'tax_treatment' | 'active' | 'created_at'> & {
  current_price_cents: number | null;
  prices: { effectiveFrom: string; unitPriceCents: number }[];
};

const SERVICE_TYPE_COLUMNS = (zone: string) => `st.id, st.code, st.name, st.kind, st.party, st.duration_minutes, st.tax_treatment, st.active, st.created_at,
    (SELECT sp.unit_price_cents FROM service_prices sp
      WHERE sp.service_type_id = st.id AND sp.effective_from <= (now() AT TIME ZONE ${zone})::date
      ORDER BY sp.effective_from DESC LIMIT 1) AS current_price_cents,
    (SELECT coalesce(json_agg(json_build_object('effectiveFrom', to_char(sp.effective_from, 'YYYY-MM-DD'), 'unitPriceCents', sp.unit_price_cents)
      ORDER BY sp.effective_from), '[]') FROM service_prices sp WHERE sp.service_type_id = st.id) AS prices`;

/** The fee schedule in the order of its codes. */
export const SERVICE_TYPE_ORDER = keyset({ column: 'st.code', type: 'text' }, { column: 'st.id', type: 'uuid' });

export interface NewServiceType {
  code: string;
  name: string;
  kind: ServiceKind;
  party: ServiceParty | null;
  durationMinutes: number | null;
  taxTreatment: TaxTreatment;
}

export interface NewServicePrice {
  effectiveFrom: string;
  unitPriceCents: number;
}

/** The fee schedule: no personal health information, read by staff. */
export const feeScheduleQueries = queryModule(
  'fee-schedule',
  {
    list(zone: string, query: { limit: number; cursor?: string; includeRetired?: boolean }) {
      const p = new SqlParams();
      const columns = SERVICE_TYPE_COLUMNS(p.add(zone));
      const where = [SERVICE_TYPE_ORDER.after(query.cursor, p)];
      if (!query.includeRetired) where.push('st.active');
      return statement<ServiceTypeRow & KeyedRow>(
        `SELECT ${columns}, ${SERVICE_TYPE_ORDER.key} FROM service_types st
  WHERE ${where.join(' AND ')} ORDER BY ${SERVICE_TYPE_ORDER.orderBy} LIMIT ${SERVICE_TYPE_ORDER.limit(query.limit)}`,
        p,
      );
    },

    serviceType(zone: string, id: string) {
      const p = new SqlParams();
      return statement<ServiceTypeRow>(`SELECT ${SERVICE_TYPE_COLUMNS(p.add(zone))} FROM service_types st WHERE st.id = ${p.add(id)}`, p);
    },

    create(type: NewServiceType, price: NewServicePrice, setBy: string) {
      return statement<Pick<Row<'service_types'>, 'id'>>(
        `WITH t AS (
      INSERT INTO service_types (code, name, kind, party, duration_minutes, tax_treatment) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
    ), price AS (
      INSERT INTO service_prices (service_type_id, effective_from, unit_price_cents, set_by) SELECT t.id, $7, $8, $9 FROM t
    )
    SELECT id FROM t`,
        [type.code, type.name, type.kind, type.party, type.durationMinutes, type.taxTreatment, price.effectiveFrom, price.unitPriceCents, setBy],
      );
    },

    /** No row when the service type does not exist. */
    addPrice(serviceTypeId: string, price: NewServicePrice, setBy: string) {
      return statement<Pick<Row<'service_prices'>, 'id'>>(
        `INSERT INTO service_prices (service_type_id, effective_from, unit_price_cents, set_by)
    SELECT st.id, $2, $3, $4 FROM service_types st WHERE st.id = $1 RETURNING id`,
        [serviceTypeId, price.effectiveFrom, price.unitPriceCents, setBy],
      );
    },

    setActive(serviceTypeId: string, active: boolean) {
      return statement<Pick<Row<'service_types'>, 'id'>>(`UPDATE service_types SET active = $2 WHERE id = $1 RETURNING id`, [serviceTypeId, active]);
    },
  },
  {
    list: [['America/Toronto', { limit: 20 }], ['America/Toronto', { limit: 20, cursor: sampleCursor('couple_80', SAMPLE_ID.other), includeRetired: true }]],
    serviceType: [['America/Toronto', SAMPLE_ID.other]],
    create: [[{ code: 'couple_120', name: 'Couple psychotherapy intensive, 120 minutes', kind: 'session', party: 'couple', durationMinutes: 120, taxTreatment: 'exempt' }, { effectiveFrom: '2027-01-01', unitPriceCents: 36000 }, SAMPLE_ID.admin]],
    addPrice: [[SAMPLE_ID.other, { effectiveFrom: '2027-01-01', unitPriceCents: 18000 }, SAMPLE_ID.admin]],
    setActive: [[SAMPLE_ID.other, false]],
  },
);
