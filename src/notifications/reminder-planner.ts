import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/environment';
import { afterQuietHours, parseOffsets, parseQuietHours, PlannedReminder, planReminders, QuietHours, ReminderOffset } from './reminder-plan';

/** The clinic's reminder settings applied to the pure plan (reminder-plan.ts). */
@Injectable()
export class ReminderPlanner {
  readonly zone: string;
  private readonly quiet: QuietHours | null;
  private readonly offsets: Record<'session' | 'call', ReminderOffset[]>;

  constructor(config: ConfigService<AppConfig, true>) {
    this.zone = config.get('CLINIC_TIME_ZONE', { infer: true });
    this.quiet = parseQuietHours(config.get('QUIET_HOURS', { infer: true }));
    this.offsets = {
      session: parseOffsets(config.get('SESSION_REMINDER_OFFSETS', { infer: true })),
      call: parseOffsets(config.get('CALL_REMINDER_OFFSETS', { infer: true })),
    };
  }

  /** The reminders of a session or a call starting at `startsAt`, as planned at `now`. */
  plan(kind: 'session' | 'call', startsAt: Date, now = new Date()): PlannedReminder[] {
    return planReminders({ startsAt, offsets: this.offsets[kind], quiet: this.quiet, zone: this.zone, now });
  }

  /** When a non-urgent notice written at `now` goes out: now, or at the end of quiet hours. */
  noticeTime(now = new Date()): Date {
    return afterQuietHours(now, this.quiet, this.zone);
  }
}
