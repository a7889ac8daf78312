// Every migration, in order. `npm run migration:generate -- <Name>` appends to this list.
import type { MigrationInterface } from 'typeorm';
import { Extensions1764070000000 } from './1764070000000-Extensions';
import { Accounts1795618195147 } from './1795618195147-Accounts';
import { RateLimitCounters1795618417090 } from './1795618417090-RateLimitCounters';
import { ClientsCouplesAudit1795618720732 } from './1795618720732-ClientsCouplesAudit';
import { Availability1795619156884 } from './1795619156884-Availability';
import { Ruptures1795619237855 } from './1795619237855-Ruptures';
import { Outbox1795619260926 } from './1795619260926-Outbox';
import { TherapySessions1795619465281 } from './1795619465281-TherapySessions';
import { ConnectionCalls1795619489975 } from './1795619489975-ConnectionCalls';
import { Webhooks1795619493169 } from './1795619493169-Webhooks';
import { RuptureSession1795619928965 } from './1795619928965-RuptureSession';
import { ReportIndexes1795621279401 } from './1795621279401-ReportIndexes';
import { ReportSpeed1795624515950 } from './1795624515950-ReportSpeed';
import { RepairReportPeriods1795627048365 } from './1795627048365-RepairReportPeriods';
import { BookingLoadIndex1795634510595 } from './1795634510595-BookingLoadIndex';
import { RecordRetention1795640000000 } from './1795640000000-RecordRetention';
import { BookingRequester1795640000001 } from './1795640000001-BookingRequester';
import { RepairReportDisclosure1795640000002 } from './1795640000002-RepairReportDisclosure';
import { IdempotencyClaims1795640000003 } from './1795640000003-IdempotencyClaims';
import { PasswordResets1795640000004 } from './1795640000004-PasswordResets';
import { AuditSeals1795650000000 } from './1795650000000-AuditSeals';
import { RepairReportDays1795650000100 } from './1795650000100-RepairReportDays';
import { DuplicateSessionBusyTimeIndex1795650000200 } from './1795650000200-DuplicateSessionBusyTimeIndex';
import { DuplicateBusyTimeIndexes1795650000201 } from './1795650000201-DuplicateBusyTimeIndexes';
import { ConsentPurposesForNotifications1795660000000 } from './1795660000000-ConsentPurposesForNotifications';
import { OutboxPlanning1795660000100 } from './1795660000100-OutboxPlanning';
import { OutcomeMeasures1795680000000 } from './1795680000000-OutcomeMeasures';
import { LastContactPlannedOnce1795720000000 } from './1795720000000-LastContactPlannedOnce';
import { LastContactIndexed1795730000000 } from './1795730000000-LastContactIndexed';
import { CouplesStartedIndex1795730000100 } from './1795730000100-CouplesStartedIndex';
import { OutcomeReportIndexed1795740000000 } from './1795740000000-OutcomeReportIndexed';
import { DeadLetters1795690000000 } from './1795690000000-DeadLetters';
import { Billing1795670000000 } from './1795670000000-Billing';
import { RepairReportCoupleSets1795710000000 } from './1795710000000-RepairReportCoupleSets';

export const MIGRATIONS: (new () => MigrationInterface)[] = [
  Extensions1764070000000,
  Accounts1795618195147,
  RateLimitCounters1795618417090,
  ClientsCouplesAudit1795618720732,
  Availability1795619156884,
  Ruptures1795619237855,
  Outbox1795619260926,
  TherapySessions1795619465281,
  ConnectionCalls1795619489975,
  Webhooks1795619493169,
  RuptureSession1795619928965,
  ReportIndexes1795621279401,
  ReportSpeed1795624515950,
  RepairReportPeriods1795627048365,
  BookingLoadIndex1795634510595,
  RecordRetention1795640000000,
  BookingRequester1795640000001,
  RepairReportDisclosure1795640000002,
  IdempotencyClaims1795640000003,
  PasswordResets1795640000004,
  AuditSeals1795650000000,
  RepairReportDays1795650000100,
  DuplicateSessionBusyTimeIndex1795650000200,
  DuplicateBusyTimeIndexes1795650000201,
  ConsentPurposesForNotifications1795660000000,
  OutboxPlanning1795660000100,
  OutcomeMeasures1795680000000,
  DeadLetters1795690000000,
  Billing1795670000000,
  RepairReportCoupleSets1795710000000,
  LastContactPlannedOnce1795720000000,
  LastContactIndexed1795730000000,
  CouplesStartedIndex1795730000100,
  OutcomeReportIndexed1795740000000,
];
