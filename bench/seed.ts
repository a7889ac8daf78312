/*
 * Realistic clinic data, generated in PostgreSQL itself: set-based INSERT … SELECT over
 * generate_series, one transaction, no row-by-row round trips. Scales: tiny (CI smoke),
 * demo (a clinic to click through), year (a year of a 50-therapist clinic, for benchmarks).
 *
 * Usage: node dist/bench/seed.js --scale demo|year|tiny [--database-url postgres://…]
 * (default: DATABASE_URL, or the app's embedded server). The database is migrated first.
 * Audit events are not written: rows go straight into the tables, as a data load would.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { hashPassword } from '../src/common/auth/passwords';
import { loadEnvironment } from '../src/config/environment';
import { locateDatabase } from '../src/database/database-location';
import { runMigrations } from '../src/database/migrate';
import { OUTCOME_TABLES, outcomeStatements } from './outcome-responses';

export type SeedScale = 'tiny' | 'demo' | 'year';

/** One password for every seeded login (argon2id like any other), printed by the CLI. */
export const SEED_PASSWORD = 'repair-and-reconnect-2025';

export interface SeedLogin {
  role: 'admin' | 'therapist' | 'client';
  email: string;
  password: string;
}

export interface SeedSummary {
  scale: SeedScale;
  seconds: number;
  counts: Record<string, number>;
  /** Every login with a password: all of them for demo; admin and therapists otherwise. */
  logins: SeedLogin[];
  admin: { id: string; email: string; password: string };
  /** A therapist, with one client of theirs and the couple that has the most ruptures. */
  therapist: { id: string; email: string; password: string };
  clientId: string;
  coupleId: string;
  coupleRuptures: number;
}

interface ScaleConfig {
  therapists: number;
  couples: number;
  pastDays: number;
  futureDays: number;
  /** ISO weekdays the therapists work (1 = Monday). */
  weekdays: number[];
  dayStart: string;
  /** Back-to-back 50-minute session slots from dayStart, then 20-minute call slots. */
  sessionSlots: number;
  callSlots: number;
  sessionShare: number;
  callShare: number;
  individualShare: number;
  ruptures: number;
  bigCoupleRuptures: number;
  convertedCalls: number;
  /** Portal passwords for clients too (demo only: argon2 is per login, the hash is shared). */
  clientLogins: boolean;
}

const SCALES: Record<SeedScale, ScaleConfig> = {
  tiny: {
    therapists: 2, couples: 2, pastDays: 10, futureDays: 4, weekdays: [1, 2, 3, 4, 5, 6, 7], dayStart: '09:00',
    sessionSlots: 3, callSlots: 2, sessionShare: 0.5, callShare: 0.5, individualShare: 0.2,
    ruptures: 30, bigCoupleRuptures: 10, convertedCalls: 1, clientLogins: false,
  },
  demo: {
    therapists: 3, couples: 8, pastDays: 70, futureDays: 28, weekdays: [1, 2, 3, 4, 5], dayStart: '09:00',
    sessionSlots: 8, callSlots: 2, sessionShare: 0.1, callShare: 0.06, individualShare: 0.15,
    ruptures: 100, bigCoupleRuptures: 20, convertedCalls: 4, clientLogins: true,
  },
  // 50 × 365 days × 17 slots = 310,250 session slots at 0.967 ≈ 300,000 sessions; 54,750 call slots at 0.913 ≈ 50,000 calls.
  year: {
    therapists: 50, couples: 10_000, pastDays: 330, futureDays: 35, weekdays: [1, 2, 3, 4, 5, 6, 7], dayStart: '07:00',
    sessionSlots: 17, callSlots: 3, sessionShare: 0.967, callShare: 0.913, individualShare: 0.15,
    ruptures: 1_000_000, bigCoupleRuptures: 5_000, convertedCalls: 2_000, clientLogins: false,
  },
};

const SESSION_MINUTES = 50;
const CALL_MINUTES = 20;
const THEMES = ['money', 'chores', 'in-laws', 'intimacy', 'parenting', 'screen time', 'punctuality', 'work hours', 'friends', 'holidays', 'tone of voice', 'trust'];
const FIRST = ['Ava', 'Liam', 'Noah', 'Emma', 'Olivia', 'Lucas', 'Maya', 'Ethan', 'Zoe', 'Arjun', 'Priya', 'Mateo', 'Chloe', 'Omar', 'Hana', 'Felix', 'Nadia', 'Leo', 'Sofia', 'Malik'];
const LAST = ['Tremblay', 'Singh', 'Nguyen', 'Roy', 'MacDonald', 'Chen', 'Gagnon', 'Patel', 'Wilson', 'Kowalski', 'Haddad', 'Brown', 'Li', 'Martin', 'Okafor', 'Campbell', 'Ali', 'Morin', 'Taylor', 'Silva'];

const sqlArray = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`;

/** The statements, in order, that fill the tables. `$salt`-derived ids make every row addressable by index. */
function statements(c: ScaleConfig, scale: SeedScale, zone: string): string[] {
  const T = c.therapists;
  const K = c.couples;
  const domain = `${scale}.clinic.test`;
  const windowEnd = `(time '${c.dayStart}' + interval '${c.sessionSlots * SESSION_MINUTES + c.callSlots * CALL_MINUTES} minutes')`;
  const names = (i: string) => `(${sqlArray(FIRST)})[1 + (${i}) % ${FIRST.length}] || ' ' || (${sqlArray(LAST)})[1 + ((${i}) / ${FIRST.length}) % ${LAST.length}]`;
  // Local dates (date + time is a wall-clock timestamp, then placed in the zone: DST by construction).
  const days = `(SELECT (now() AT TIME ZONE '${zone}')::date + i AS day FROM generate_series(${-c.pastDays}, ${c.futureDays - 1}) i) AS d`;
  const weekdays = `extract(isodow FROM d.day)::int = ANY(ARRAY[${c.weekdays.join(',')}])`;
  const pick = (r: string, xs: string[]) => `(${sqlArray(xs)})[1 + floor(${r} * ${xs.length})::int]`;
  return [
    // People: the admin, therapists with profiles and weekly windows, clients with portal accounts.
    `INSERT INTO users (id, email, role, display_name, password_hash) VALUES (pg_temp.sid('admin', 0), 'admin@${domain}', 'admin', 'Clinic Admin', $1)`,
    `INSERT INTO users (id, email, role, display_name, password_hash)
       SELECT pg_temp.sid('t', t), 'therapist' || (t + 1) || '@${domain}', 'therapist', ${names('t * 7 + 3')}, $1 FROM generate_series(0, ${T - 1}) t`,
    `INSERT INTO therapist_profiles (user_id, credentials, crpo_number, languages, bio, takes_connection_calls)
       SELECT pg_temp.sid('t', t), 'RP, MACP', (10000 + t)::text, CASE WHEN t % 3 = 0 THEN '{en,fr}'::text[] ELSE '{en}'::text[] END,
              'Imago-trained couples therapist.', true FROM generate_series(0, ${T - 1}) t`,
    `INSERT INTO availability_windows (therapist_id, weekday, starts_at, ends_at)
       SELECT pg_temp.sid('t', t), w, time '${c.dayStart}', ${windowEnd} FROM generate_series(0, ${T - 1}) t, unnest(ARRAY[${c.weekdays.join(',')}]) w`,
    // Partners of couple k are clients 2k and 2k+1, on the caseload of therapist k % T.
    `INSERT INTO users (id, email, role, display_name, password_hash)
       SELECT pg_temp.sid('u', i), 'client' || (i + 1) || '@${domain}', 'client', ${names('i')}, ${c.clientLogins ? '$1' : 'NULL'}
         FROM generate_series(0, ${2 * K - 1}) i`,
    `INSERT INTO clients (id, legal_name, date_of_birth, email, phone, status, primary_therapist_id, portal_user_id, created_at, address_city)
       SELECT pg_temp.sid('c', i), ${names('i')}, date '1965-01-01' + (i * 7919 % 12000), 'client' || (i + 1) || '@${domain}',
              '+1416555' || lpad((i % 10000)::text, 4, '0'), 'active', pg_temp.sid('t', (i / 2) % ${T}), pg_temp.sid('u', i),
              now() - interval '400 days', 'Toronto'
         FROM generate_series(0, ${2 * K - 1}) i`,
    // About 5% of couples ended, 5% paused; the membership trigger sees every insert.
    `INSERT INTO couples (id, partner_a_id, partner_b_id, therapist_id, status, started_on, ended_on, created_at)
       SELECT pg_temp.sid('k', k), pg_temp.sid('c', 2 * k), pg_temp.sid('c', 2 * k + 1), pg_temp.sid('t', k % ${T}),
              CASE WHEN k % 20 = 19 THEN 'ended' WHEN k % 20 = 18 THEN 'paused' ELSE 'active' END,
              (now() - interval '400 days')::date, CASE WHEN k % 20 = 19 THEN (now() - interval '10 days')::date END, now() - interval '400 days'
         FROM generate_series(0, ${K - 1}) k`,
    // Sessions: each (therapist, day, slot) holds at most one, so busy times never overlap.
    `CREATE TEMP TABLE seed_sessions ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, gen_random_uuid() AS busy_id, t, pg_temp.sid('t', t) AS therapist_id, couple_idx,
              CASE WHEN r_party < ${c.individualShare} THEN 2 * couple_idx + (r_side < 0.5)::int END AS client_idx,
              starts_at, starts_at + interval '${SESSION_MINUTES} minutes' AS ends_at,
              CASE WHEN starts_at < now() THEN CASE WHEN r_status < 0.82 THEN 'completed' WHEN r_status < 0.94 THEN 'cancelled' ELSE 'no_show' END
                   ELSE CASE WHEN r_status < 0.95 THEN 'scheduled' ELSE 'cancelled' END END AS status,
              least(now(), CASE WHEN r_late < 0.3 THEN starts_at - r_when * interval '20 hours' ELSE starts_at - interval '1 day' - r_when * interval '13 days' END) AS cancel_at,
              least(starts_at - interval '21 days', now() - interval '1 day') AS created_at,
              r_mod < 0.65 AS online, ${pick('r_when', ['client', 'therapist', 'clinic'])} AS cancelled_by
         FROM (SELECT t, ((d.day + time '${c.dayStart}' + s * interval '${SESSION_MINUTES} minutes') AT TIME ZONE '${zone}') AS starts_at,
                      t + ${T} * floor(random() * ((${K} - 1 - t) / ${T} + 1))::int AS couple_idx,
                      random() AS r_party, random() AS r_side, random() AS r_status, random() AS r_late, random() AS r_when, random() AS r_mod
                 FROM generate_series(0, ${T - 1}) t, ${days}, generate_series(0, ${c.sessionSlots - 1}) s
                WHERE ${weekdays} AND random() < ${c.sessionShare}) x`,
    `INSERT INTO busy_times (id, therapist_id, during, kind, released_at, created_at)
       SELECT busy_id, therapist_id, tstzrange(starts_at, ends_at, '[)'), 'session', CASE WHEN status = 'cancelled' THEN cancel_at END, created_at
         FROM seed_sessions ORDER BY t, starts_at`,
    `INSERT INTO therapy_sessions (id, therapist_id, couple_id, client_id, during, busy_time_id, modality, location, video_url, status,
                                   attended_client_ids, completed_at, cancelled_at, cancelled_by, cancellation_reason, late_cancellation, created_by, created_at, updated_at)
       SELECT id, therapist_id, CASE WHEN client_idx IS NULL THEN pg_temp.sid('k', couple_idx) END, pg_temp.sid('c', client_idx),
              tstzrange(starts_at, ends_at, '[)'), busy_id,
              CASE WHEN online THEN 'online' ELSE 'in_person' END,
              CASE WHEN NOT online THEN '100 Queen St W, Toronto ON M5H 2N2' END,
              CASE WHEN online THEN 'https://meet.clinic.test/' || id END,
              status,
              CASE WHEN status <> 'completed' THEN '{}'::uuid[] WHEN client_idx IS NULL THEN ARRAY[pg_temp.sid('c', 2 * couple_idx), pg_temp.sid('c', 2 * couple_idx + 1)]
                   ELSE ARRAY[pg_temp.sid('c', client_idx)] END,
              CASE WHEN status = 'completed' THEN ends_at END,
              CASE WHEN status = 'cancelled' THEN cancel_at END,
              CASE WHEN status = 'cancelled' THEN cancelled_by END,
              CASE WHEN status = 'cancelled' THEN 'Schedule conflict' END,
              CASE WHEN status = 'cancelled' THEN starts_at - cancel_at < interval '24 hours' END,
              therapist_id, created_at, greatest(created_at, CASE WHEN status = 'cancelled' THEN cancel_at WHEN status = 'scheduled' THEN created_at ELSE least(ends_at, now()) END)
         FROM seed_sessions ORDER BY t, starts_at`,
    // Connection calls: the 20-minute slots after each day's sessions.
    `CREATE TEMP TABLE seed_calls ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, gen_random_uuid() AS busy_id, t, pg_temp.sid('t', t) AS therapist_id, n, starts_at,
              starts_at + interval '${CALL_MINUTES} minutes' AS ends_at,
              CASE WHEN starts_at < now() THEN CASE WHEN r_status < 0.75 THEN 'completed' WHEN r_status < 0.88 THEN 'cancelled' ELSE 'no_show' END
                   ELSE CASE WHEN r_status < 0.9 THEN 'booked' ELSE 'cancelled' END END AS status,
              least(now() - interval '1 minute', starts_at - interval '2 hours' - r_lead * interval '20 days') AS created_at,
              ${pick('r_mod', ['phone', 'video', 'in_person'])} AS modality, r_conv
         FROM (SELECT t, row_number() OVER () AS n, ((d.day + time '${c.dayStart}' + interval '${c.sessionSlots * SESSION_MINUTES} minutes' + s * interval '${CALL_MINUTES} minutes') AT TIME ZONE '${zone}') AS starts_at,
                      random() AS r_status, random() AS r_lead, random() AS r_mod, random() AS r_conv
                 FROM generate_series(0, ${T - 1}) t, ${days}, generate_series(0, ${c.callSlots - 1}) s
                WHERE ${weekdays} AND random() < ${c.callShare}) x`,
    // Converted calls: a new client, opened 1–90 days after the call, so some fall outside 60 days.
    `CREATE TEMP TABLE seed_conversions ON COMMIT DROP AS
       SELECT id AS call_id, gen_random_uuid() AS client_id, therapist_id, n, least(now(), starts_at + interval '1 day' + r_conv * interval '89 days') AS converted_at
         FROM seed_calls WHERE status = 'completed' ORDER BY md5(id::text) LIMIT ${c.convertedCalls}`,
    `INSERT INTO clients (id, legal_name, date_of_birth, status, primary_therapist_id, created_at, updated_at, address_city)
       SELECT client_id, ${names('n::int + 11')}, date '1975-06-01' + (n::int * 37 % 9000), 'active', therapist_id, converted_at, converted_at, 'Ottawa'
         FROM seed_conversions`,
    `INSERT INTO busy_times (id, therapist_id, during, kind, released_at, created_at)
       SELECT busy_id, therapist_id, tstzrange(starts_at, ends_at, '[)'), 'connection_call',
              CASE WHEN status = 'cancelled' THEN least(now(), starts_at - interval '1 hour') END, created_at
         FROM seed_calls ORDER BY t, starts_at`,
    `INSERT INTO connection_calls (id, therapist_id, busy_time_id, starts_at, ends_at, modality, status, name, email, phone, message,
                                   manage_token_hash, client_id, cancelled_at, created_at, updated_at)
       SELECT k.id, k.therapist_id, k.busy_id, k.starts_at, k.ends_at, k.modality, k.status, ${names('k.n::int + 5')},
              'prospect' || k.n || '@example.test', '+1647555' || lpad((k.n % 10000)::text, 4, '0'), 'We would like to talk about our relationship.',
              sha256(convert_to(k.id::text, 'UTF8')), v.client_id,
              CASE WHEN k.status = 'cancelled' THEN greatest(k.created_at, least(now(), k.starts_at - interval '1 hour')) END,
              k.created_at, greatest(k.created_at, coalesce(v.converted_at, least(now(), k.ends_at)))
         FROM seed_calls k LEFT JOIN seed_conversions v ON v.call_id = k.id ORDER BY k.t, k.starts_at`,
    // Ruptures: one couple gets bigCoupleRuptures of them; stage times follow each other.
    `CREATE TEMP TABLE seed_ruptures ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, couple_idx, pg_temp.sid('k', couple_idx) AS couple_id, pg_temp.sid('t', couple_idx % ${T}) AS therapist_id,
              occurred_at, stage, themes, kind, severity, reporter, recognizer, attempts, last_open,
              CASE WHEN stage <> 'reported' THEN rec_at END AS recognized_at,
              CASE WHEN stage IN ('initiated', 'completed') THEN ini_at END AS initiated_at,
              CASE WHEN stage = 'completed' THEN least(now(), ini_at + (1 + r_c * 240) * interval '1 hour') END AS completed_at
         FROM (SELECT *, least(now(), rec_at + (0.5 + r_i * 96) * interval '1 hour') AS ini_at
                 FROM (SELECT CASE WHEN i < ${c.bigCoupleRuptures} THEN 0 ELSE floor(random() * ${K})::int END AS couple_idx,
                              occurred_at, least(now(), occurred_at + (0.25 + random() * 72) * interval '1 hour') AS rec_at,
                              random() AS r_i, random() AS r_c,
                              CASE WHEN r_stage < 0.12 THEN 'reported' WHEN r_stage < 0.27 THEN 'recognized' WHEN r_stage < 0.45 THEN 'initiated' ELSE 'completed' END AS stage,
                              (CASE n_themes WHEN 1 THEN ARRAY[v[1 + a]] WHEN 2 THEN ARRAY[v[1 + a], v[1 + (a + b) % 12]]
                                            ELSE ARRAY[v[1 + a], v[1 + (a + b) % 12], v[1 + (a + 2 * b) % 12]] END)::varchar[] AS themes,
                              ${pick('random()', ['missed_bid', 'dismissive_tone', 'criticism', 'withdrawal', 'broken_agreement', 'breach_of_trust', 'other'])} AS kind,
                              CASE WHEN r_sev < 0.6 THEN 'minor' WHEN r_sev < 0.9 THEN 'moderate' ELSE 'major' END AS severity,
                              floor(random() * 3)::int AS reporter, floor(random() * 3)::int AS recognizer,
                              CASE WHEN r_att < 0.6 THEN 1 WHEN r_att < 0.9 THEN 2 ELSE 3 END AS attempts, random() < 0.7 AS last_open
                         FROM (SELECT i, now() - interval '1 hour' - random() * interval '${c.pastDays} days' AS occurred_at, random() AS r_stage, random() AS r_sev, random() AS r_att,
                                      1 + floor(random() * 3)::int AS n_themes, floor(power(random(), 2) * 12)::int AS a,
                                      (ARRAY[1, 5, 7, 11])[1 + floor(random() * 4)::int] AS b, ${sqlArray(THEMES)}::varchar[] AS v
                                 FROM generate_series(0, ${c.ruptures - 1}) i) g) h) z`,
    // Recurrence as the service computes it: themes seen earlier in the couple, and the latest earlier rupture sharing one.
    `CREATE TEMP TABLE seed_recurrence ON COMMIT DROP AS
       SELECT id, coalesce(array_agg(theme ORDER BY n) FILTER (WHERE prev_id IS NOT NULL), '{}')::varchar[] AS recurring_themes,
              (array_agg(prev_id ORDER BY prev_at DESC NULLS LAST))[1] AS recurrence_of_id
         FROM (SELECT id, theme, n, lag(id) OVER w AS prev_id, lag(occurred_at) OVER w AS prev_at
                 FROM (SELECT r.id, r.couple_id, r.occurred_at, u.theme, u.n FROM seed_ruptures r, unnest(r.themes) WITH ORDINALITY AS u(theme, n)) x
               WINDOW w AS (PARTITION BY couple_id, theme ORDER BY occurred_at, id)) y
        GROUP BY id`,
    // Reporter/recognizer 0 = the therapist, 1 = partner A, 2 = partner B.
    `INSERT INTO ruptures (id, couple_id, occurred_at, reported_by_user_id, reported_by_role, reported_by_client_id, description, severity, kind, themes,
                           stage, recognized_at, initiated_at, completed_at, recurrence_of_id, recurring_themes, created_at, updated_at)
       SELECT r.id, r.couple_id, r.occurred_at,
              CASE r.reporter WHEN 0 THEN r.therapist_id ELSE pg_temp.sid('u', 2 * r.couple_idx + r.reporter - 1) END,
              CASE r.reporter WHEN 0 THEN 'therapist' ELSE 'client' END,
              CASE r.reporter WHEN 0 THEN NULL ELSE pg_temp.sid('c', 2 * r.couple_idx + r.reporter - 1) END,
              'A moment where we lost each other (' || r.themes[1] || ').', r.severity, r.kind, r.themes,
              r.stage, r.recognized_at, r.initiated_at, r.completed_at, q.recurrence_of_id, q.recurring_themes,
              r.occurred_at, coalesce(r.completed_at, r.initiated_at, r.recognized_at, r.occurred_at)
         FROM seed_ruptures r JOIN seed_recurrence q ON q.id = r.id ORDER BY r.couple_id, r.occurred_at`,
    `INSERT INTO rupture_recognitions (rupture_id, recognized_by_user_id, role, client_id, statement, recognized_at)
       SELECT id, CASE recognizer WHEN 0 THEN therapist_id ELSE pg_temp.sid('u', 2 * couple_idx + recognizer - 1) END,
              CASE recognizer WHEN 0 THEN 'therapist' ELSE 'client' END,
              CASE recognizer WHEN 0 THEN NULL ELSE pg_temp.sid('c', 2 * couple_idx + recognizer - 1) END,
              'Something happened between us, and I want to understand it.', recognized_at
         FROM seed_ruptures WHERE stage <> 'reported'`,
    // Attempts share the time from initiation to completion (or to now, for open ruptures).
    `CREATE TEMP TABLE seed_attempts ON COMMIT DROP AS
       SELECT gen_random_uuid() AS id, r.id AS rupture_id, r.couple_idx, r.therapist_id, s AS sequence, r.attempts, r.stage,
              CASE WHEN s < r.attempts THEN 'incomplete' WHEN r.stage = 'completed' THEN 'completed' WHEN r.last_open THEN 'open' ELSE 'incomplete' END AS status,
              r.initiated_at + (span * (s - 1)) / r.attempts AS started_at,
              r.initiated_at + (span * s) / r.attempts AS closed_at,
              ${pick('random()', ['imago_dialogue', 'apology', 'behaviour_change_request', 'other'])} AS approach,
              (random() < 0.5)::int AS initiator
         FROM (SELECT *, coalesce(completed_at, least(now(), initiated_at + interval '10 days')) - initiated_at AS span
                 FROM seed_ruptures WHERE stage IN ('initiated', 'completed')) r, generate_series(1, r.attempts) s`,
    `INSERT INTO repair_attempts (id, rupture_id, sequence, initiator_client_id, recorded_by_user_id, recorded_by_role, approach, imago_steps, requests,
                                  status, started_at, closed_at)
       SELECT id, rupture_id, sequence, pg_temp.sid('c', 2 * couple_idx + initiator), therapist_id, 'therapist', approach,
              CASE WHEN approach = 'imago_dialogue' THEN '{mirroring,validation,empathy}'::varchar[] ELSE '{}'::varchar[] END,
              CASE WHEN approach = 'behaviour_change_request' THEN '{"Text me when you will be late"}'::varchar[] ELSE '{}'::varchar[] END,
              status, started_at, CASE WHEN status <> 'open' THEN closed_at END
         FROM seed_attempts`,
    // Completed: both partners say yes; incomplete: the other partner says "not yet"; open: half have one yes.
    `INSERT INTO repair_confirmations (attempt_id, client_id, confirmed_by_user_id, feels_repaired, confirmed_at)
       SELECT id, pg_temp.sid('c', 2 * couple_idx + p), pg_temp.sid('u', 2 * couple_idx + p), status <> 'incomplete',
              CASE WHEN p = 1 - initiator AND status <> 'open' THEN closed_at ELSE started_at + (closed_at - started_at) / 2 END
         FROM seed_attempts, generate_series(0, 1) p
        WHERE (status = 'completed') OR (status = 'incomplete' AND p = 1 - initiator) OR (status = 'open' AND p = initiator AND sequence % 2 = 0)`,
    `INSERT INTO rupture_transitions (rupture_id, event, from_stage, to_stage, attempt_id, actor_user_id, actor_role, actor_client_id, occurred_at)
       SELECT rupture_id, event, from_stage, to_stage, attempt_id, actor_user_id, actor_role, actor_client_id, occurred_at FROM (
         SELECT r.id AS rupture_id, 'reported' AS event, NULL AS from_stage, 'reported' AS to_stage, NULL::uuid AS attempt_id,
                CASE r.reporter WHEN 0 THEN r.therapist_id ELSE pg_temp.sid('u', 2 * r.couple_idx + r.reporter - 1) END AS actor_user_id,
                CASE r.reporter WHEN 0 THEN 'therapist' ELSE 'client' END AS actor_role,
                CASE r.reporter WHEN 0 THEN NULL ELSE pg_temp.sid('c', 2 * r.couple_idx + r.reporter - 1) END AS actor_client_id, r.occurred_at
           FROM seed_ruptures r
         UNION ALL
         SELECT r.id, 'recognized', 'reported', 'recognized', NULL,
                CASE r.recognizer WHEN 0 THEN r.therapist_id ELSE pg_temp.sid('u', 2 * r.couple_idx + r.recognizer - 1) END,
                CASE r.recognizer WHEN 0 THEN 'therapist' ELSE 'client' END,
                CASE r.recognizer WHEN 0 THEN NULL ELSE pg_temp.sid('c', 2 * r.couple_idx + r.recognizer - 1) END, r.recognized_at
           FROM seed_ruptures r WHERE r.stage <> 'reported'
         UNION ALL
         SELECT a.rupture_id, 'initiated', CASE WHEN a.sequence = 1 THEN 'recognized' ELSE 'initiated' END, 'initiated', a.id,
                a.therapist_id, 'therapist', NULL, a.started_at
           FROM seed_attempts a
         UNION ALL
         SELECT a.rupture_id, CASE a.status WHEN 'completed' THEN 'completed' ELSE 'attempt_incomplete' END, 'initiated',
                CASE a.status WHEN 'completed' THEN 'completed' ELSE 'initiated' END, a.id,
                pg_temp.sid('u', 2 * a.couple_idx + 1 - a.initiator), 'client', pg_temp.sid('c', 2 * a.couple_idx + 1 - a.initiator), a.closed_at
           FROM seed_attempts a WHERE a.status <> 'open') e
        ORDER BY occurred_at`,
  ];
}

/** The big tables, whose foreign keys are validated in bulk after the load. */
const BULK_TABLES = ['busy_times', 'therapy_sessions', 'connection_calls', 'ruptures', 'rupture_recognitions', 'repair_attempts', 'repair_confirmations', 'rupture_transitions'];

const COUNTED = ['users', 'clients', 'couples', 'availability_windows', 'busy_times', 'therapy_sessions', 'connection_calls', 'ruptures',
  'rupture_recognitions', 'repair_attempts', 'repair_confirmations', 'rupture_transitions', ...OUTCOME_TABLES];

/** Fills a migrated (or about to be migrated) database at the chosen scale, in one transaction. */
export async function seed(url: string, scale: SeedScale, zone = loadEnvironment().CLINIC_TIME_ZONE): Promise<SeedSummary> {
  const config = SCALES[scale];
  if (!config) throw new Error(`unknown scale "${scale}": use tiny, demo or year`);
  if (!/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) throw new Error(`not a time zone: ${zone}`);
  await runMigrations(url);
  const started = Date.now();
  const domain = `${scale}.clinic.test`;
  const adminEmail = `admin@${domain}`;
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const existing = await db.query('SELECT 1 FROM users WHERE email = $1', [adminEmail]);
    if (existing.rowCount) throw new Error(`This database is already seeded at scale "${scale}" (${adminEmail} exists); use a fresh database.`);
    const passwordHash = await hashPassword(SEED_PASSWORD);
    const salt = randomBytes(8).toString('hex');
    await db.query('BEGIN');
    await db.query(`SET LOCAL work_mem = '256MB'`);
    await db.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    await db.query(`SELECT setseed(0.4242)`);
    // Ids derive from (kind, index), so rows find each other without lookups; the salt keeps runs apart.
    // A deterministic id shaped as a version-4 UUID, so the API's uuid validation accepts it.
    await db.query(`CREATE FUNCTION pg_temp.sid(kind text, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
      SELECT (substr(h, 1, 12) || '4' || substr(h, 14, 3) || '8' || substr(h, 18, 15))::uuid FROM md5('${salt}' || kind || n) AS h $$`);
    // Foreign keys are checked row by row; dropped and re-added they are validated in one join each
    // (as pg_restore does). Same names and definitions; nothing commits unless every row passes.
    const foreignKeys: { table: string; name: string; definition: string }[] = (
      await db.query(`SELECT conrelid::regclass::text AS table, conname AS name, pg_get_constraintdef(oid) AS definition
                        FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY($1)`, [BULK_TABLES])
    ).rows;
    for (const fk of foreignKeys) await db.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT "${fk.name}"`);
    for (const sql of statements(config, scale, zone)) {
      await db.query(sql, sql.includes('$1') ? [passwordHash] : []);
    }
    for (const sql of outcomeStatements()) await db.query(sql);
    for (const fk of foreignKeys) await db.query(`ALTER TABLE ${fk.table} ADD CONSTRAINT "${fk.name}" ${fk.definition}`);
    const [ids] = (
      await db.query(`SELECT pg_temp.sid('admin', 0) AS admin, pg_temp.sid('t', 0) AS therapist, pg_temp.sid('c', 0) AS client, pg_temp.sid('k', 0) AS couple`)
    ).rows;
    await db.query('COMMIT');
    await db.query(`VACUUM (ANALYZE) ${COUNTED.join(', ')}`);
    const counts: Record<string, number> = {};
    for (const table of COUNTED) counts[table] = Number((await db.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    const [{ n: coupleRuptures }] = (await db.query('SELECT count(*)::int AS n FROM ruptures WHERE couple_id = $1', [ids.couple])).rows;
    const therapistEmail = `therapist1@${domain}`;
    const logins: SeedLogin[] = [
      { role: 'admin', email: adminEmail, password: SEED_PASSWORD },
      ...Array.from({ length: config.therapists }, (_, t) => ({ role: 'therapist' as const, email: `therapist${t + 1}@${domain}`, password: SEED_PASSWORD })),
      ...(config.clientLogins ? Array.from({ length: 2 * config.couples }, (_, i) => ({ role: 'client' as const, email: `client${i + 1}@${domain}`, password: SEED_PASSWORD })) : []),
    ];
    return {
      scale,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      counts,
      logins,
      admin: { id: ids.admin, email: adminEmail, password: SEED_PASSWORD },
      therapist: { id: ids.therapist, email: therapistEmail, password: SEED_PASSWORD },
      clientId: ids.client,
      coupleId: ids.couple,
      coupleRuptures,
    };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.end();
  }
}

function argument(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const scale = (argument('scale') ?? 'demo') as SeedScale;
  if (!(scale in SCALES)) throw new Error('usage: seed.js --scale demo|year|tiny [--database-url postgres://…]');
  const env = loadEnvironment();
  const explicit = argument('database-url');
  const database = await locateDatabase({ ...env, DATABASE_URL: explicit ?? env.DATABASE_URL }, (m) => process.stderr.write(`${m}\n`));
  try {
    const summary = await seed(database.url, scale, env.CLINIC_TIME_ZONE);
    console.log(`Seeded scale "${scale}" in ${summary.seconds} s:`);
    for (const [table, n] of Object.entries(summary.counts)) console.log(`  ${table.padEnd(22)} ${n}`);
    console.log(`Couple with the most ruptures: ${summary.coupleId} (${summary.coupleRuptures})`);
    const shown = scale === 'demo' ? summary.logins : summary.logins.slice(0, 2);
    console.log(`Logins (password for all: ${SEED_PASSWORD}):`);
    for (const login of shown) console.log(`  ${login.role.padEnd(9)} ${login.email}`);
  } finally {
    await database.release();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
