import { AccessScope } from '../common/access/access-scope';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_SCOPE } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { OPEN_STAGES } from './repair-stages';

/** A couple's repair figures; numeric figures arrive as strings. */
export type SummaryRow = Pick<Row<'couples'>, 'id' | 'partner_a_id' | 'partner_b_id'> & {
  total: number;
  completed: number;
  open_by_stage: { stage: (typeof OPEN_STAGES)[number]; count: number; oldest_age_days: number | null }[];
  under_7: number;
  days_7_to_29: number;
  days_30_to_89: number;
  days_90_or_more: number;
  rate_overall: string | null;
  rate_last_90_days: string | null;
  median_hours_to_recognition: string | null;
  median_hours_to_completion: string | null;
  attempts_per_completed_repair: string | null;
  recurring_themes: { theme: string; count: number; last_seen: string; repaired: number }[];
  months: { month: string; reported: number; completed: number }[];
  satisfaction: SatisfactionSeriesJson[];
  /** Which partner the caller is; null for the therapist. */
  caller_client_id: string | null;
  generated_at: Date;
};

type PartnerTotalJson = { total: number; below_cutoff: boolean } | null;

/** A month of one instrument's series: each partner's latest total in it, beside the month's repair figures. */
export interface SatisfactionMonthJson {
  month: string;
  partner_a: PartnerTotalJson;
  partner_b: PartnerTotalJson;
  reported: number;
  completed: number;
  median_hours_to_completion: string | null;
}

export interface SatisfactionSeriesJson {
  instrument: Row<'outcome_responses'>['instrument'];
  months: SatisfactionMonthJson[];
}

/**
 * The couple's repair figures in one statement over its ruptures (index `ruptures_couple_occurred_idx`)
 * and their attempts (`repair_attempts_sequence_key`). Ages and the 90-day window are measured from
 * `occurred_at`; months are calendar months in the clinic's zone. The satisfaction series
 * (`outcome_responses_couple_idx`) holds the totals the caller may see (AccessScope.outcomeTotals):
 * per instrument and month, each partner's latest total beside the month's repair figures.
 */
const summarySql = (couple: string, predicate: string, timeZone: string, callerPartner: string, totalsVisible: string) => `
  WITH scope AS (
    SELECT k.id, k.partner_a_id, k.partner_b_id, ${callerPartner} AS caller_client_id FROM couples k WHERE k.id = ${couple} AND ${predicate}
  ), r AS (
    SELECT r.id, r.occurred_at, r.stage, r.recognized_at, r.completed_at, r.themes,
           extract(epoch FROM now() - r.occurred_at) / 86400 AS age_days
      FROM ruptures r JOIN scope ON r.couple_id = scope.id
  ), totals AS (
    SELECT count(*)::int AS total,
           count(*) FILTER (WHERE stage = 'completed')::int AS completed,
           count(*) FILTER (WHERE stage <> 'completed' AND age_days < 7)::int AS under_7,
           count(*) FILTER (WHERE stage <> 'completed' AND age_days >= 7 AND age_days < 30)::int AS days_7_to_29,
           count(*) FILTER (WHERE stage <> 'completed' AND age_days >= 30 AND age_days < 90)::int AS days_30_to_89,
           count(*) FILTER (WHERE stage <> 'completed' AND age_days >= 90)::int AS days_90_or_more,
           round(count(*) FILTER (WHERE stage = 'completed')::numeric / nullif(count(*), 0), 4) AS rate_overall,
           round(count(*) FILTER (WHERE stage = 'completed' AND age_days < 90)::numeric
                 / nullif(count(*) FILTER (WHERE age_days < 90), 0), 4) AS rate_last_90_days,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM recognized_at - occurred_at) / 3600)::numeric, 2)
             AS median_hours_to_recognition,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - occurred_at) / 3600)::numeric, 2)
             AS median_hours_to_completion
      FROM r
  ), by_stage AS (
    SELECT json_agg(json_build_object('stage', s.stage, 'count', coalesce(x.n, 0), 'oldest_age_days', x.oldest) ORDER BY s.ord) AS open_by_stage
      FROM unnest(ARRAY[${OPEN_STAGES.map((s) => `'${s}'`).join(', ')}]) WITH ORDINALITY AS s(stage, ord)
      LEFT JOIN (SELECT stage, count(*)::int AS n, floor(max(age_days))::int AS oldest FROM r WHERE stage <> 'completed' GROUP BY stage) x
        ON x.stage = s.stage
  ), attempts AS (
    SELECT round(avg(n), 2) AS attempts_per_completed_repair
      FROM (SELECT count(*) AS n FROM repair_attempts a JOIN r ON a.rupture_id = r.id WHERE r.stage = 'completed' GROUP BY r.id) z
  ), themes AS (
    SELECT coalesce(json_agg(json_build_object('theme', theme, 'count', n, 'last_seen', last_seen, 'repaired', repaired)
                             ORDER BY n DESC, last_seen DESC, theme), '[]') AS recurring_themes
      FROM (SELECT t AS theme, count(*)::int AS n, max(r.occurred_at) AS last_seen, count(*) FILTER (WHERE r.stage = 'completed')::int AS repaired
              FROM r, unnest(r.themes) AS t
             GROUP BY t HAVING count(*) >= 2
             ORDER BY n DESC, last_seen DESC, t LIMIT 20) y
  ), events AS (
    SELECT date_trunc('month', occurred_at AT TIME ZONE ${timeZone}) AS month, 1 AS reported, 0 AS completed FROM r
    UNION ALL
    SELECT date_trunc('month', completed_at AT TIME ZONE ${timeZone}), 0, 1 FROM r WHERE completed_at IS NOT NULL
  ), months AS (
    SELECT coalesce(json_agg(json_build_object('month', to_char(g.month, 'YYYY-MM'), 'reported', coalesce(e.reported, 0),
                                               'completed', coalesce(e.completed, 0)) ORDER BY g.month), '[]') AS months
      FROM (SELECT generate_series(min(month), max(month), interval '1 month') AS month FROM events) g
      LEFT JOIN (SELECT month, sum(reported)::int AS reported, sum(completed)::int AS completed FROM events GROUP BY month) e
        ON e.month = g.month
  ), sat AS (
    -- Each partner's measurement per occasion: the latest of its correction chain, dated when first answered.
    SELECT DISTINCT ON (o.assignment_id, o.client_id, o.occasion) o.instrument, o.client_id, o.total, o.below_cutoff,
           min(o.answered_at) OVER (PARTITION BY o.assignment_id, o.client_id, o.occasion) AS measured_at
      FROM outcome_responses o
      JOIN outcome_assignments a ON a.id = o.assignment_id
      JOIN couples k ON k.id = o.couple_id
     WHERE o.couple_id = (SELECT id FROM scope) AND ${totalsVisible}
     ORDER BY o.assignment_id, o.client_id, o.occasion, o.answered_at DESC
  ), sat_months AS (
    SELECT DISTINCT ON (instrument, client_id, month) instrument, client_id, month, total, below_cutoff
      FROM (SELECT sat.*, date_trunc('month', measured_at AT TIME ZONE ${timeZone}) AS month FROM sat) s
     ORDER BY instrument, client_id, month, measured_at DESC
  ), repair_medians AS (
    -- One pass over the completed ruptures: the median hours to repair of each month they completed in.
    SELECT date_trunc('month', c.completed_at AT TIME ZONE ${timeZone}) AS month,
           round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.completed_at - c.occurred_at) / 3600)::numeric, 2) AS median_hours
      FROM r c WHERE c.completed_at IS NOT NULL GROUP BY 1
  ), repair_months AS (
    SELECT e.month, sum(e.reported)::int AS reported, sum(e.completed)::int AS completed, m.median_hours
      FROM events e LEFT JOIN repair_medians m ON m.month = e.month GROUP BY e.month, m.median_hours
  ), satisfaction AS (
    SELECT coalesce(json_agg(json_build_object('instrument', i.instrument, 'months', i.months) ORDER BY i.instrument), '[]') AS satisfaction
      FROM (SELECT ins.instrument,
                   json_agg(json_build_object('month', to_char(g.month, 'YYYY-MM'),
                     'partner_a', (SELECT json_build_object('total', m.total, 'below_cutoff', m.below_cutoff) FROM sat_months m
                                    WHERE m.instrument = ins.instrument AND m.month = g.month AND m.client_id = scope.partner_a_id),
                     'partner_b', (SELECT json_build_object('total', m.total, 'below_cutoff', m.below_cutoff) FROM sat_months m
                                    WHERE m.instrument = ins.instrument AND m.month = g.month AND m.client_id = scope.partner_b_id),
                     'reported', coalesce(rm.reported, 0), 'completed', coalesce(rm.completed, 0),
                     'median_hours_to_completion', rm.median_hours) ORDER BY g.month) AS months
              FROM scope
              CROSS JOIN (SELECT DISTINCT instrument FROM sat_months) ins
              CROSS JOIN LATERAL (
                SELECT generate_series(min(u.month), max(u.month), interval '1 month') AS month
                  FROM (SELECT month FROM sat_months WHERE instrument = ins.instrument UNION ALL SELECT month FROM events) u) g
              LEFT JOIN repair_months rm ON rm.month = g.month
             GROUP BY ins.instrument) i
  )
  SELECT scope.id, scope.partner_a_id, scope.partner_b_id, scope.caller_client_id, totals.*, by_stage.open_by_stage,
         attempts.attempts_per_completed_repair, themes.recurring_themes, months.months, satisfaction.satisfaction, now() AS generated_at
    FROM scope, totals, by_stage, attempts, themes, months, satisfaction`;

/** A couple's repair figures, in the caller's rupture scope. */
export const repairSummaryQueries = queryModule(
  'repair-summary',
  {
    /** The figures of a couple in reach (no row otherwise); months are calendar months in `timeZone`. */
    summary(scope: AccessScope, coupleId: string, timeZone: string) {
      const p = new SqlParams();
      const couple = p.add(coupleId);
      const predicate = scope.ruptures(p, 'k');
      const zone = p.add(timeZone);
      return statement<SummaryRow>(summarySql(couple, predicate, zone, scope.callerPartner(p, 'k'), scope.outcomeTotals(p, 'o', 'a', 'k')), p);
    },
  },
  {
    summary: [[SAMPLE_SCOPE.therapist, SAMPLE_ID.couple, 'America/Toronto']],
  },
);
