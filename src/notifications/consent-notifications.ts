import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ConsentDecision, ConsentPurpose } from '../consents/consent.entity';
import { rows } from '../database/statement';
import { notificationQueries } from './notifications.queries';
import { SessionReminders } from './session-reminders';

/** The messages each consent purpose allows; withdrawing it withdraws those still pending. */
const MESSAGES_OF: Partial<Record<ConsentPurpose, string[]>> = {
  reminders: ['session.reminder'],
  repair_notices: ['repair.notice'],
};

/** What a consent entry changes in what the clinic will send (the caller found the client in its scope). */
@Injectable()
export class ConsentNotifications {
  constructor(private readonly reminders: SessionReminders) {}

  async recorded(tx: EntityManager, clientId: string, purpose: ConsentPurpose, decision: ConsentDecision): Promise<void> {
    const events = MESSAGES_OF[purpose];
    if (!events) return;
    if (decision === 'withdrawn') {
      await rows(tx, notificationQueries.withdrawForClient(clientId, events));
    } else if (purpose === 'reminders') {
      // A grant counts for the sessions already booked too; their partners' reminders are not planned twice (idempotency keys).
      const upcoming = await rows(tx, notificationQueries.upcomingSessionsOf(clientId));
      if (upcoming.length) await this.reminders.plan(tx, upcoming.map((s) => s.id));
    }
  }
}
