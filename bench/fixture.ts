/*
 * The benchmarks' own data, by set-based SQL: therapists with weekly windows and a busy calendar
 * of sessions, caseloads of clients and couples, one couple with many ruptures, and an admin.
 * Used when bench/seed.ts is absent, and by bench/availability.ts for issue 7's figure.
 */
import { Client } from 'pg';

export interface FixtureSize {
  therapists: number;
  clientsPerTherapist: number;
  /** Days of calendar before today (sessions) and after it (sessions and bookable time). */
  daysBack: number;
  daysAhead: number;
  /** Session start hours (clinic time) on weekdays; the other hours of 09–17 stay free. */
  sessionHours: number[];
  ruptures: number;
}

export const FIXTURE_SIZES: Record<'tiny' | 'year', FixtureSize> = {
  tiny: { therapists: 3, clientsPerTherapist: 8, daysBack: 14, daysAhead: 35, sessionHours: [9, 11, 14], ruptures: 200 },
  year: { therapists: 20, clientsPerTherapist: 60, daysBack: 365, daysAhead: 35, sessionHours: [9, 10, 12, 13, 15], ruptures: 5000 },
};

export async function seedFixture(db: Client, size: FixtureSize, zone = 'America/Toronto'): Promise<void> {
  await db.query('BEGIN');
  await db.query(`INSERT INTO users (email, role, display_name) VALUES ('bench-admin@clinic.test', 'admin', 'Bench Admin')`);
  await db.query(
    `INSERT INTO users (email, role, display_name)
     SELECT 'bench-therapist-' || g || '@clinic.test', 'therapist', 'Therapist ' || g FROM generate_series(1, $1) g`,
    [size.therapists],
  );
  await db.query(
    `INSERT INTO therapist_profiles (user_id, credentials, crpo_number, takes_connection_calls)
     SELECT id, 'RP', '00' || row_number() OVER (ORDER BY email), true FROM users WHERE role = 'therapist'`,
  );
  // Monday to Friday, 09:00–17:00 clinic time.
  await db.query(
    `INSERT INTO availability_windows (therapist_id, weekday, starts_at, ends_at)
     SELECT u.id, d, '09:00', '17:00' FROM users u, generate_series(1, 5) d WHERE u.role = 'therapist'`,
  );
  await db.query(
    `INSERT INTO clients (legal_name, date_of_birth, primary_therapist_id, email)
     SELECT 'Client ' || u.display_name || ' ' || g, date '1980-01-01' + g, u.id, 'client-' || u.id || '-' || g || '@example.test'
       FROM users u, generate_series(1, $1) g WHERE u.role = 'therapist'`,
    [size.clientsPerTherapist],
  );
  // Half of each caseload forms couples: clients 1+2, 3+4, … of the first half.
  await db.query(
    `WITH numbered AS (
       SELECT id, primary_therapist_id AS t, row_number() OVER (PARTITION BY primary_therapist_id ORDER BY legal_name) AS n FROM clients)
     INSERT INTO couples (partner_a_id, partner_b_id, therapist_id, started_on)
     SELECT a.id, b.id, a.t, current_date - 400
       FROM numbered a JOIN numbered b ON b.t = a.t AND b.n = a.n + 1
      WHERE a.n % 2 = 1 AND a.n <= $1 / 2`,
    [size.clientsPerTherapist],
  );
  // A busy calendar: sessions at the given hours of every weekday, each with its busy time.
  await db.query(
    `WITH slots AS (
       SELECT u.id AS therapist_id,
              tstzrange((d::date + make_time(h, 0, 0)) AT TIME ZONE $4, (d::date + make_time(h, 50, 0)) AT TIME ZONE $4, '[)') AS during,
              row_number() OVER (PARTITION BY u.id ORDER BY d, h) AS n
         FROM users u, generate_series(current_date - $1::int, current_date + $2::int, interval '1 day') d, unnest($3::int[]) h
        WHERE u.role = 'therapist' AND extract(isodow FROM d) BETWEEN 1 AND 5
     ), busy AS (
       INSERT INTO busy_times (therapist_id, during, kind) SELECT therapist_id, during, 'session' FROM slots RETURNING id, therapist_id, during
     ), couples_numbered AS (
       SELECT id, therapist_id, row_number() OVER (PARTITION BY therapist_id ORDER BY id) - 1 AS n,
              count(*) OVER (PARTITION BY therapist_id) AS total FROM couples
     )
     INSERT INTO therapy_sessions (therapist_id, couple_id, during, busy_time_id, modality, video_url, status, completed_at, created_by)
     SELECT b.therapist_id, k.id, b.during, b.id, 'online', 'https://video.clinic.test/' || b.id,
            CASE WHEN upper(b.during) < now() THEN 'completed' ELSE 'scheduled' END,
            CASE WHEN upper(b.during) < now() THEN upper(b.during) END, b.therapist_id
       FROM busy b JOIN slots s ON s.therapist_id = b.therapist_id AND s.during = b.during
       JOIN couples_numbered k ON k.therapist_id = b.therapist_id AND k.n = s.n % k.total`,
    [size.daysBack, size.daysAhead, size.sessionHours, zone],
  );
  // One couple with many ruptures over the past year: 60 % repaired, the rest at earlier stages.
  if (size.ruptures > 0) await db.query(
    `WITH k AS (SELECT id, therapist_id FROM couples ORDER BY id LIMIT 1),
     r AS (
       SELECT g, now() - (g * interval '1 minute' * (525600 / $1::int)) AS occurred_at,
              (ARRAY['completed','completed','completed','reported','recognized'])[1 + g % 5] AS stage
         FROM generate_series(1, $1::int) g)
     INSERT INTO ruptures (couple_id, occurred_at, reported_by_user_id, reported_by_role, description, severity, kind, themes,
                           stage, recognized_at, initiated_at, completed_at)
     SELECT k.id, r.occurred_at, k.therapist_id, 'therapist', 'Bench rupture ' || r.g,
            (ARRAY['minor','moderate','major'])[1 + r.g % 3], (ARRAY['missed_bid','dismissive_tone','criticism','withdrawal'])[1 + r.g % 4],
            ARRAY[(ARRAY['chores','money','in-laws','screen-time','intimacy','parenting'])[1 + r.g % 6]],
            r.stage,
            CASE WHEN r.stage <> 'reported' THEN r.occurred_at + interval '3 hours' END,
            CASE WHEN r.stage = 'completed' THEN r.occurred_at + interval '1 day' END,
            CASE WHEN r.stage = 'completed' THEN r.occurred_at + interval '2 days' END
       FROM k, r`,
    [size.ruptures],
  );
  await db.query(
    `INSERT INTO repair_attempts (rupture_id, sequence, initiator_client_id, recorded_by_user_id, recorded_by_role, approach, status, started_at, closed_at)
     SELECT r.id, 1, k.partner_a_id, k.therapist_id, 'therapist', 'apology', 'completed', r.initiated_at, r.completed_at
       FROM ruptures r JOIN couples k ON k.id = r.couple_id WHERE r.stage = 'completed'`,
  );
  await db.query('COMMIT');
  await db.query('ANALYZE');
}
