import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { inZone } from '../common/time/in-zone';
import { rows } from '../database/statement';
import { Outbox, OutboxEntry } from '../outbox/outbox.service';
import { notificationQueries, REMINDER_EVENTS, SessionReminderRow } from './notifications.queries';
import { ReminderPlanner } from './reminder-planner';

/**
 * Therapy-session reminders, planned in the transaction of the change: each client of a scheduled
 * session who agreed to reminders gets one per offset. A change withdraws what is pending and
 * plans anew; a cancellation only withdraws. Called with one line by the sessions service.
 */
@Injectable()
export class SessionReminders {
  constructor(
    private readonly outbox: Outbox,
    private readonly planner: ReminderPlanner,
  ) {}

  /** Plans the reminders of new sessions (the caller found them in its scope). */
  async plan(tx: EntityManager, sessionIds: string[]): Promise<void> {
    const recipients = await rows(tx, notificationQueries.sessionReminderRecipients(sessionIds));
    await this.outbox.enqueue(tx, recipients.flatMap((r) => this.reminders(r)));
  }

  /** The session moved or changed place: what was planned goes, the reminders of its new time come. */
  async replan(tx: EntityManager, sessionId: string): Promise<void> {
    await this.withdraw(tx, sessionId, 'withdrawn: session changed');
    await this.plan(tx, [sessionId]);
  }

  /** The session was cancelled, completed or missed: nothing pending about it is sent. */
  async withdraw(tx: EntityManager, sessionId: string, reason = 'withdrawn: session no longer scheduled'): Promise<void> {
    await this.outbox.withdraw(tx, [sessionId], REMINDER_EVENTS, reason);
  }

  private reminders(r: SessionReminderRow): OutboxEntry[] {
    const zone = this.planner.zone;
    const payload = {
      to: r.email,
      name: r.name,
      clientId: r.client_id,
      sessionId: r.session_id,
      couple: r.couple,
      therapistName: r.therapist_name,
      startsAt: inZone(r.starts_at, zone),
      endsAt: inZone(r.ends_at, zone),
      modality: r.modality,
      ...(r.modality === 'online' ? { videoUrl: r.video_url } : { location: r.location }),
      updatedAt: r.updated_at.toISOString(),
    };
    // The version in the key: a session moved back to an earlier time is planned again, yet one change never plans twice.
    const version = r.updated_at.toISOString();
    return this.planner.plan('session', r.starts_at).map((p) => ({
      channel: 'email',
      event: 'session.reminder',
      payload,
      availableAt: p.availableAt,
      notAfter: p.notAfter,
      subjectId: r.session_id,
      idempotencyKey: `reminder:${r.session_id}:${r.client_id}:${p.offset}:${r.starts_at.toISOString()}:${version}`,
    }));
  }
}
