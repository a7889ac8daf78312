import { Global, Module } from '@nestjs/common';
import { ConsentNotifications } from './consent-notifications';
import { ReminderPlanner } from './reminder-planner';
import { RepairNotices } from './repair-notices';
import { SessionReminders } from './session-reminders';

/** Reminders and notices, planned into the outbox by the modules whose changes they follow (docs/notifications.md). */
@Global()
@Module({ providers: [ReminderPlanner, SessionReminders, RepairNotices, ConsentNotifications], exports: [ReminderPlanner, SessionReminders, RepairNotices, ConsentNotifications] })
export class NotificationsModule {}
