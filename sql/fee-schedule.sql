-- Rendered by `npm run queries` from src/**/fee-schedule.queries.ts; CI fails when this file is stale.

-- fee-schedule.list[1] (no scope)
--   $1 = "America/Toronto"
SELECT st.id, st.code, st.name, st.kind, st.party, st.duration_minutes, st.tax_treatment, st.active, st.created_at,
    (SELECT sp.unit_price_cents FROM service_prices sp
      WHERE sp.service_type_id = st.id AND sp.effective_from <= (now() AT TIME ZONE $1)::date
      ORDER BY sp.effective_from DESC LIMIT 1) AS current_price_cents,
    (SELECT coalesce(json_agg(json_build_object('effectiveFrom', to_char(sp.effective_from, 'YYYY-MM-DD'), 'unitPriceCents', sp.unit_price_cents)
      ORDER BY sp.effective_from), '[]') FROM service_prices sp WHERE sp.service_type_id = st.id) AS prices, ARRAY[(st.code)::text, (st.id)::text] AS page_key FROM service_types st
  WHERE TRUE AND st.active ORDER BY st.code ASC, st.id ASC LIMIT 21;

-- fee-schedule.list[2] (no scope)
--   $1 = "America/Toronto"
--   $2 = "couple_80"
--   $3 = "00000000-0000-4000-8000-00000000000b"
SELECT st.id, st.code, st.name, st.kind, st.party, st.duration_minutes, st.tax_treatment, st.active, st.created_at,
    (SELECT sp.unit_price_cents FROM service_prices sp
      WHERE sp.service_type_id = st.id AND sp.effective_from <= (now() AT TIME ZONE $1)::date
      ORDER BY sp.effective_from DESC LIMIT 1) AS current_price_cents,
    (SELECT coalesce(json_agg(json_build_object('effectiveFrom', to_char(sp.effective_from, 'YYYY-MM-DD'), 'unitPriceCents', sp.unit_price_cents)
      ORDER BY sp.effective_from), '[]') FROM service_prices sp WHERE sp.service_type_id = st.id) AS prices, ARRAY[(st.code)::text, (st.id)::text] AS page_key FROM service_types st
  WHERE (st.code, st.id) > ($2::text, $3::uuid) ORDER BY st.code ASC, st.id ASC LIMIT 21;

-- fee-schedule.serviceType[1] (no scope)
--   $1 = "America/Toronto"
--   $2 = "00000000-0000-4000-8000-00000000000b"
SELECT st.id, st.code, st.name, st.kind, st.party, st.duration_minutes, st.tax_treatment, st.active, st.created_at,
    (SELECT sp.unit_price_cents FROM service_prices sp
      WHERE sp.service_type_id = st.id AND sp.effective_from <= (now() AT TIME ZONE $1)::date
      ORDER BY sp.effective_from DESC LIMIT 1) AS current_price_cents,
    (SELECT coalesce(json_agg(json_build_object('effectiveFrom', to_char(sp.effective_from, 'YYYY-MM-DD'), 'unitPriceCents', sp.unit_price_cents)
      ORDER BY sp.effective_from), '[]') FROM service_prices sp WHERE sp.service_type_id = st.id) AS prices FROM service_types st WHERE st.id = $2;

-- fee-schedule.create[1] (no scope)
--   $1 = "couple_120"
--   $2 = "Couple psychotherapy intensive, 120 minutes"
--   $3 = "session"
--   $4 = "couple"
--   $5 = 120
--   $6 = "exempt"
--   $7 = "2027-01-01"
--   $8 = 36000
--   $9 = "00000000-0000-4000-8000-000000000001"
WITH t AS (
      INSERT INTO service_types (code, name, kind, party, duration_minutes, tax_treatment) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
    ), price AS (
      INSERT INTO service_prices (service_type_id, effective_from, unit_price_cents, set_by) SELECT t.id, $7, $8, $9 FROM t
    )
    SELECT id FROM t;

-- fee-schedule.addPrice[1] (no scope)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = "2027-01-01"
--   $3 = 18000
--   $4 = "00000000-0000-4000-8000-000000000001"
INSERT INTO service_prices (service_type_id, effective_from, unit_price_cents, set_by)
    SELECT st.id, $2, $3, $4 FROM service_types st WHERE st.id = $1 RETURNING id;

-- fee-schedule.setActive[1] (no scope)
--   $1 = "00000000-0000-4000-8000-00000000000b"
--   $2 = false
UPDATE service_types SET active = $2 WHERE id = $1 RETURNING id;
