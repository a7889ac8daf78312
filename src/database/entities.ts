import { ApiKey } from '../api-keys/api-key.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { AuditSeal } from '../audit/audit-seal.entity';
import { BusyTime } from '../busy-time/busy-time.entity';
import { CalendarFeed } from '../calendar/calendar-feed.entity';
import { ClinicalNote } from '../clinical-notes/clinical-note.entity';
import { Invitation } from '../auth/invitation.entity';
import { PasswordReset } from '../auth/password-reset.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { ServicePrice, ServiceType } from '../billing/fee-schedule.entities';
import { BillingCounter, CreditNote, CreditNoteLine, Invoice, InvoiceLine } from '../billing/invoice.entities';
import { Payment, PaymentAllocation } from '../billing/payment.entities';
import { Client } from '../clients/client.entity';
import { ConnectionCall } from '../connection-calls/connection-call.entity';
import { IdempotencyKey } from '../common/idempotency/idempotency-key.entity';
import { Consent } from '../consents/consent.entity';
import { Couple } from '../couples/couple.entity';
import { RepairAttempt, RepairConfirmation, Rupture, RuptureRecognition, RuptureTransition } from '../ruptures/rupture.entities';
import { OutcomeAssignment, OutcomeNotice, OutcomeResponse } from '../outcomes/outcome.entities';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { AvailabilityWindow } from '../therapists/availability-window.entity';
import { TimeOff } from '../therapists/time-off.entity';
import { TherapySession } from '../therapy-sessions/therapy-session.entity';
import { TherapistProfile } from '../users/therapist-profile.entity';
import { User } from '../users/user.entity';
import { WebhookDelivery } from '../webhooks/webhook-delivery.entity';
import { Webhook } from '../webhooks/webhook.entity';

/** Every TypeORM entity of the app: the schema that migrations must match. */
export const ENTITIES: Function[] = [
  User,
  TherapistProfile,
  RefreshToken,
  PasswordReset,
  Invitation,
  ApiKey,
  Client,
  Couple,
  Consent,
  AuditEvent,
  AuditSeal,
  BusyTime,
  TherapySession,
  ClinicalNote,
  CalendarFeed,
  Rupture, RuptureRecognition, RepairAttempt, RepairConfirmation, RuptureTransition,
  AvailabilityWindow,
  TimeOff, ConnectionCall, IdempotencyKey,
  OutboxMessage,
  Webhook, WebhookDelivery,
  OutcomeAssignment, OutcomeResponse, OutcomeNotice,
  ServiceType, ServicePrice, BillingCounter, Invoice, InvoiceLine, CreditNote, CreditNoteLine, Payment, PaymentAllocation,
];
