import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { inZone } from '../common/time/in-zone';
import type { AppConfig } from '../config/environment';
import { Outbox, OutboxEntry } from '../outbox/outbox.service';
import { CallRow } from './connection-calls.queries';

export type CallEvent = 'connection_call.booked' | 'connection_call.cancelled' | 'connection_call.rescheduled' | 'connection_call.completed';

/** What only the person's email carries. */
export interface PersonOnly {
  manageUrl?: string;
  previousStartsAt?: string;
  upcomingCalls?: number;
}

/**
 * The messages a change of a call sends, through the outbox in the change's transaction: an email
 * to the person, a notice to the therapist (never the person's message text) and a webhook with
 * ids and times only.
 */
@Injectable()
export class CallNotifications {
  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    private readonly outbox: Outbox,
  ) {}

  async send(tx: EntityManager, event: CallEvent, row: CallRow, personOnly: PersonOnly = {}): Promise<void> {
    await this.outbox.enqueue(tx, this.messages(event, row, personOnly));
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
