import request from 'supertest';
import { TestApp } from './app';
import { TestCouple } from './clinic-factories';

const API = '/api/v1';

type Auth = Record<string, string>;

export const ruptureBody = (overrides: Record<string, unknown> = {}) => ({
  occurredAt: '2026-01-05T08:15:00-05:00',
  description: 'A bid for connection at breakfast went unanswered.',
  severity: 'minor',
  kind: 'missed_bid',
  themes: ['mornings'],
  ...overrides,
});

/** Reports a rupture over HTTP as `auth`; returns the created record. */
export async function reportRupture(t: TestApp, auth: Auth, coupleId: string, overrides: Record<string, unknown> = {}) {
  const res = await request(t.http).post(`${API}/couples/${coupleId}/ruptures`).set(auth).send(ruptureBody(overrides)).expect(201);
  return res.body;
}

export const recognizeRupture = (t: TestApp, auth: Auth, id: string, body: Record<string, unknown> = {}) =>
  request(t.http).post(`${API}/ruptures/${id}/recognition`).set(auth).send(body);

export const startRepairAttempt = (t: TestApp, auth: Auth, id: string, body: Record<string, unknown> = { approach: 'apology' }) =>
  request(t.http).post(`${API}/ruptures/${id}/repair-attempts`).set(auth).send(body);

export const confirmRepair = (t: TestApp, auth: Auth, id: string, attemptId: string, body: Record<string, unknown>) =>
  request(t.http).post(`${API}/ruptures/${id}/repair-attempts/${attemptId}/confirmations`).set(auth).send(body);

export interface InsertedRupture {
  occurredAt: Date;
  stage?: 'reported' | 'recognized' | 'initiated' | 'completed';
  /** Hours after occurrence. */
  recognizedAfter?: number;
  initiatedAfter?: number;
  completedAfter?: number;
  themes?: string[];
  /** Statuses of its attempts, in order. */
  attempts?: ('open' | 'incomplete' | 'completed')[];
}

const hoursAfter = (at: Date, hours: number | undefined) => (hours === undefined ? null : new Date(at.getTime() + hours * 3_600_000));

/** A rupture with chosen timestamps, straight in the database, reported by the couple's therapist. */
export async function insertRupture(t: TestApp, couple: TestCouple, r: InsertedRupture): Promise<string> {
  const [row]: { id: string }[] = await t.db.query(
    `INSERT INTO ruptures (couple_id, occurred_at, reported_by_user_id, reported_by_role, description, severity, kind, themes, stage,
       recognized_at, initiated_at, completed_at)
     VALUES ($1, $2, $3, 'therapist', 'Inserted for a summary test.', 'minor', 'other', $4, $5, $6, $7, $8) RETURNING id`,
    [
      couple.id,
      r.occurredAt,
      couple.therapistId,
      r.themes ?? [],
      r.stage ?? 'reported',
      hoursAfter(r.occurredAt, r.recognizedAfter),
      hoursAfter(r.occurredAt, r.initiatedAfter),
      hoursAfter(r.occurredAt, r.completedAfter),
    ],
  );
  for (const [i, status] of (r.attempts ?? []).entries()) {
    await t.db.query(
      `INSERT INTO repair_attempts (rupture_id, sequence, initiator_client_id, recorded_by_user_id, recorded_by_role, approach, status, closed_at)
       VALUES ($1, $2, $3, $4, 'therapist', 'apology', $5, CASE WHEN $5::varchar = 'open' THEN NULL ELSE now() END)`,
      [row.id, i + 1, couple.partners[0].id, couple.therapistId, status],
    );
  }
  return row.id;
}
