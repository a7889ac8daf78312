import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import type { AppConfig } from '../config/environment';
import { rows } from '../database/statement';
import { Outbox, OutboxEntry } from '../outbox/outbox.service';
import { RepairNoticeKind } from './notification-emails';
import { notificationQueries } from './notifications.queries';
import { ReminderPlanner } from './reminder-planner';

/**
 * Content-free notices that something in a couple's repair record waits for the other partner:
 * a rupture one partner recorded (recognition), a repair attempt awaiting confirmation
 * (completion). Sent only when both partners agreed to `repair_notices`: the notice tells the
 * recipient that their partner acted, so it rests on the consent of both. The couple's therapist
 * is told on the same condition. Never a word of what was recorded.
 */
@Injectable()
export class RepairNotices {
  private readonly portalUrl: string;

  constructor(
    private readonly outbox: Outbox,
    private readonly planner: ReminderPlanner,
    config: ConfigService<AppConfig, true>,
  ) {
    this.portalUrl = `${config.get('PUBLIC_BASE_URL', { infer: true }).replace(/\/+$/, '')}/portal`;
  }

  /** A partner recorded a rupture: the other partner and the therapist hear that something is new. */
  ruptureRecorded(tx: EntityManager, ruptureId: string, reporterClientId: string | null): Promise<void> {
    // A rupture the therapist records in session needs no notice: both partners were there.
    return reporterClientId ? this.send(tx, 'rupture_recorded', ruptureId, reporterClientId) : Promise.resolve();
  }

  /** A repair attempt was recorded: the partners other than the one who recorded it are asked for their answer. */
  repairAwaitsConfirmation(tx: EntityManager, ruptureId: string, actingClientId: string | null): Promise<void> {
    return this.send(tx, 'repair_awaits_confirmation', ruptureId, actingClientId);
  }

  private async send(tx: EntityManager, kind: RepairNoticeKind, ruptureId: string, actingClientId: string | null): Promise<void> {
    const people = await rows(tx, notificationQueries.repairNoticeRecipients(ruptureId));
    const partners = people.filter((p) => p.client_id);
    if (partners.length !== 2 || !partners.every((p) => p.consented)) return;
    const availableAt = this.planner.noticeTime();
    const notices: OutboxEntry[] = people
      .filter((p) => p.email && p.client_id !== actingClientId)
      .map((p) => ({
        channel: 'email',
        event: 'repair.notice',
        payload: { to: p.email, name: p.name, kind, recipient: p.client_id ? 'partner' : 'therapist', ...(p.client_id ? { clientId: p.client_id, portalUrl: this.portalUrl } : {}) },
        availableAt,
        subjectId: ruptureId,
      }));
    await this.outbox.enqueue(tx, notices);
  }
}
