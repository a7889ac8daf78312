import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { validateRuntimeEnvironment } from './config/environment';
import { DatabaseModule } from './database/database.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BillingModule } from './billing/billing.module';
import { BusyTimeModule } from './busy-time/busy-time.module';
import { CalendarModule } from './calendar/calendar.module';
import { ClinicalNotesModule } from './clinical-notes/clinical-notes.module';
import { ClientsModule } from './clients/clients.module';
import { AccessModule } from './common/access/access.module';
import { ConnectionCallsModule } from './connection-calls/connection-calls.module';
import { ConsentsModule } from './consents/consents.module';
import { CouplesModule } from './couples/couples.module';
import { RateLimitModule } from './common/rate-limit/rate-limit.module';
import { HealthModule } from './health/health.module';
import { TherapySessionsModule } from './therapy-sessions/therapy-sessions.module';
import { RupturesModule } from './ruptures/ruptures.module';
import { ReportsModule } from './reports/reports.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ReceiptsModule } from './billing/receipts.module';
import { OutboxModule } from './outbox/outbox.module';
import { OutcomesModule } from './outcomes/outcomes.module';
import { TherapistsModule } from './therapists/therapists.module';
import { UsersModule } from './users/users.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { DeliveriesModule } from './deliveries/deliveries.module';
import { IdempotencyModule } from './common/idempotency/idempotency.module';

export interface AppModuleOptions {
  /** The database to use: DATABASE_URL or the embedded server's. */
  databaseUrl: string;
}

@Module({})
export class AppModule {
  static forRoot({ databaseUrl }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, cache: true, validate: validateRuntimeEnvironment }),
        DatabaseModule.forRoot(databaseUrl),
        HealthModule,
        RateLimitModule,
        AuthModule,
        UsersModule,
        ApiKeysModule,
        AccessModule,
        IdempotencyModule,
        ClientsModule,
        CouplesModule,
        ConsentsModule,
        AuditModule,
        BusyTimeModule,
        TherapySessionsModule,
        ClinicalNotesModule,
        CalendarModule,
        RupturesModule,
        TherapistsModule,
        ConnectionCallsModule,
        OutboxModule,
        NotificationsModule,
        WebhooksModule,
        DeliveriesModule,
        ReportsModule,
        OutcomesModule,
        BillingModule,
        ReceiptsModule,
      ],
    };
  }
}
