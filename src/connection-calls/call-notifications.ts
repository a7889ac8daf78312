import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { inZone } from '../common/time/in-zone';
import type { AppConfig } from '../config/environment';
import { Queryable, rows } from '../database/statement';
import { notificationQueries, REMINDER_EVENTS } from '../notifications/notifications.queries';
import { ReminderPlanner } from '../notifications/reminder-planner';
import { Outbox, OutboxEntry } from '../outbox/outbox.service';
import { CallRow } from './connection-calls.queries';

export type CallEvent = 'connection_call.booked' | 'connection_call.cancelled' | 'connection_call.rescheduled' | 'connection_call.completed';

/** What only the person's email carries. */
export interface PersonOnly {
  manageUrl?: string;
  previousStartsAt?: string;
  upcomingCalls?: number;
}

const REMINDER = 'connection_call.reminder';

/**
 * The messages a change of a call sends, through the outbox in the change's transaction: an email
 * to the person, a notice to the therapist (never the person's message text) and a webhook with
 * ids and times only. Booking plans the reminders to the person who booked, with their manage
 * link; moving re-plans them, cancelling or completing withdraws them.
 */
@Injectable()
export class CallNotifications {
  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    private readonly outbox: Outbox,
    private readonly planner: ReminderPlanner,
  ) {}

  /** The booking's manage link for its secret token. */
  manageUrl(token: string): string {
    return `${this.config.get('PUBLIC_BASE_URL', { infer: true })}/api/v1/connection-calls/manage/${token}`;
  }

  async send(tx: EntityManager, event: CallEvent, row: CallRow, personOnly: PersonOnly = {}): Promise<void> {
    await this.outbox.enqueue(tx, this.messages(event, row, personOnly));
    if (event !== 'connection_call.booked') await this.outbox.withdraw(tx, [row.id], REMINDER_EVENTS, `withdrawn: ${event}`);
    if (event === 'connection_call.booked' || event === 'connection_call.rescheduled') await this.outbox.enqueue(tx, this.reminders(row, personOnly.manageUrl));
  }

  /**
   * A replayed booking replaced the manage link: the pending reminders carry the new one, as the
   * old one no longer opens the booking.
   */
  async manageLinkReplaced(db: Queryable, callId: string, manageUrl: string): Promise<void> {
    await rows(db, notificationQueries.replaceReminderLink(callId, manageUrl));
  }

  /**
   * Reminders planned with the manage link: it is the one the booking email carries (a call has
   * one live token), kept in the outbox only until the reminder is sent, withdrawn or given up.
   */
  private reminders(row: CallRow, manageUrl: string | undefined): OutboxEntry[] {
    const zone = this.config.get('CLINIC_TIME_ZONE', { infer: true });
    const payload = {
      recipient: 'person',
      to: row.email,
      name: row.name,
      therapistName: row.therapist_name,
      callId: row.id,
      startsAt: inZone(row.starts_at, zone),
      endsAt: inZone(row.ends_at, zone),
      modality: row.modality,
      ...(manageUrl ? { manageUrl } : {}),
    };
    // Planned once per change: the time of the change tells a move back to an earlier time from the first plan.
    const plannedAt = new Date();
    return this.planner.plan('call', row.starts_at, plannedAt).map((p) => ({
      channel: 'email',
      event: REMINDER,
      payload,
      availableAt: p.availableAt,
      notAfter: p.notAfter,
      subjectId: row.id,
      idempotencyKey: `reminder:${row.id}:${p.offset}:${row.starts_at.toISOString()}:${plannedAt.toISOString()}`,
    }));
  }

  private messages(event: CallEvent, row: CallRow, personOnly: PersonOnly): OutboxEntry[] {
    const zone = this.config.get('CLINIC_TIME_ZONE', { infer: true });
    const times = { startsAt: inZone(row.starts_at, zone), endsAt: inZone(row.ends_at, zone), modality: row.modality };
    const previous = personOnly.previousStartsAt ? { previousStartsAt: personOnly.previousStartsAt } : {};
    // Field names follow src/outbox/email-templates.ts; `recipient` picks the wording.
    const person: OutboxEntry = {
      channel: 'email',
      event,
      payload: { recipient: 'person', to: row.email, name: row.name, therapistName: row.therapist_name, ...times, ...personOnly },
    };
    const therapist: OutboxEntry = {
      channel: 'email',
      event,
      payload: {
        recipient: 'therapist',
        to: row.therapist_email,
        name: row.therapist_name,
        therapistName: row.therapist_name,
        callId: row.id,
        personName: row.name,
        personEmail: row.email,
        personPhone: row.phone,
        ...times,
        ...previous,
      },
    };
    const webhook: OutboxEntry = { channel: 'webhook', event, payload: { callId: row.id, therapistId: row.therapist_id, ...times, ...previous } };
    // A completion is marked by the therapist: no notice to them about it.
    return event === 'connection_call.completed' ? [person, webhook] : [person, therapist, webhook];
  }
}
