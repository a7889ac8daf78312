import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Outbox, OutboxEntry } from '../outbox/outbox.service';
import { SessionEvent } from '../webhooks/webhook-events';
import type { TherapySessionRow } from './therapy-sessions.queries';

type SessionFacts = Pick<TherapySessionRow, 'id' | 'therapist_id' | 'couple_id' | 'client_id' | 'starts_at' | 'ends_at' | 'modality' | 'updated_at'>;

/**
 * The messages a change of a session sends, through the outbox in the change's transaction: a
 * webhook with ids, times and the modality only — never a name, a place, a video link or a reason
 * (the webhook whitelist would drop them anyway). Each carries an idempotency key, so a change is
 * reported once even if its code runs twice.
 */
@Injectable()
export class SessionNotifications {
  constructor(private readonly outbox: Outbox) {}

  /** Booked: one message per occurrence of a series. */
  async scheduled(tx: EntityManager, sessions: SessionFacts[]): Promise<void> {
    await this.outbox.enqueue(tx, sessions.map((s) => webhook('session.scheduled', s, `session.scheduled:${s.id}`)));
  }

  /** Its time changed (a change of place only is not a move); keyed by the version it moved from. */
  async moved(tx: EntityManager, before: SessionFacts, after: { startsAt: Date; endsAt: Date }): Promise<void> {
    if (before.starts_at.getTime() === after.startsAt.getTime() && before.ends_at.getTime() === after.endsAt.getTime()) return;
    const extra = { previousStartsAt: before.starts_at.toISOString(), previousEndsAt: before.ends_at.toISOString() };
    const moved = { ...before, starts_at: after.startsAt, ends_at: after.endsAt };
    await this.outbox.enqueue(tx, [webhook('session.moved', moved, `session.moved:${before.id}:${before.updated_at.toISOString()}`, extra)]);
  }

  async cancelled(tx: EntityManager, session: SessionFacts, at: Date): Promise<void> {
    await this.outbox.enqueue(tx, [webhook('session.cancelled', session, `session.cancelled:${session.id}`, { cancelledAt: at.toISOString() })]);
  }

  async completed(tx: EntityManager, session: SessionFacts, at: Date): Promise<void> {
    await this.outbox.enqueue(tx, [webhook('session.completed', session, `session.completed:${session.id}`, { completedAt: at.toISOString() })]);
  }
}

function webhook(event: SessionEvent, s: SessionFacts, idempotencyKey: string, extra: Record<string, string> = {}): OutboxEntry {
  const party = s.couple_id ? { coupleId: s.couple_id } : { clientId: s.client_id };
  return {
    channel: 'webhook',
    event,
    subjectId: s.id,
    idempotencyKey,
    payload: { sessionId: s.id, therapistId: s.therapist_id, ...party, startsAt: s.starts_at.toISOString(), endsAt: s.ends_at.toISOString(), modality: s.modality, ...extra },
  };
}
