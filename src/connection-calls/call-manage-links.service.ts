import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import { BusyTimeService } from '../busy-time/busy-time.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { RequestOrigin } from '../common/auth/roles';
import { hashToken } from '../common/auth/secret-token';
import { Conflict, NotFound } from '../common/problem/problem';
import { inZone } from '../common/time/in-zone';
import type { AppConfig } from '../config/environment';
import { affected, first, rows } from '../database/statement';
import { CallAvailabilityService, isBusy, MINUTE, slotTaken } from './call-availability.service';
import { CallNotifications } from './call-notifications';
import { toManagedResponse } from './connection-calls.mapper';
import { CALL_PROBLEMS } from './connection-calls.problems';
import { CallRow, connectionCallQueries } from './connection-calls.queries';
import { RescheduleConnectionCallDto } from './dto/book-connection-call.dto';
import { ManagedConnectionCallResponse } from './dto/connection-call.response';
import { auditedCaller } from './request-origin';

const MANAGE_TOKEN = /^mt_[A-Za-z0-9_-]{43}$/;

/** The booking behind a manage link: its holder views, cancels or reschedules it. */
@Injectable()
export class CallManageLinksService {
  constructor(
    private readonly db: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly availability: CallAvailabilityService,
    private readonly busyTime: BusyTimeService,
    private readonly notifications: CallNotifications,
    private readonly audit: AuditTrail,
  ) {}

  private get zone(): string {
    return this.config.get('CLINIC_TIME_ZONE', { infer: true });
  }

  /** The holder of a manage link sees their booking: times, modality, therapist, status. */
  async view(token: string, origin: RequestOrigin): Promise<ManagedConnectionCallResponse> {
    const row = await this.audit.readOne(auditedCaller(undefined, origin), connectionCallQueries.managedCall(this.tokenHash(token)), {
      action: 'read',
      resourceType: 'connection_call',
      resourceId: 'rows.id',
      clientIds: 'array_remove(ARRAY[rows.client_id], NULL)',
    });
    if (!row) throw new NotFound('connection call');
    return toManagedResponse(row, this.zone);
  }

  /** Cancels and frees the time. A second cancel is a 409 (`already-cancelled`). */
  async cancel(token: string, origin: RequestOrigin): Promise<ManagedConnectionCallResponse> {
    return this.db.transaction(async (tx) => {
      const row = await this.lock(tx, token);
      if (row.status === 'cancelled') throw new Conflict(CALL_PROBLEMS['already-cancelled'], 'This connection call is already cancelled.');
      this.assertChangeable(row);
      const [cancelled] = await rows(tx, connectionCallQueries.cancelCall(row.id));
      await this.busyTime.release(tx, row.busy_time_id);
      const next = { ...row, ...cancelled };
      await this.notifications.send(tx, 'connection_call.cancelled', next);
      await this.audit.record(tx, auditedCaller(undefined, origin), { action: 'update', resourceType: 'connection_call', resourceId: row.id, clientIds: [] });
      return toManagedResponse(next, this.zone);
    });
  }

  /** Moves the call to another free slot of the same therapist; the old time is freed only if the new one is taken. */
  async reschedule(token: string, dto: RescheduleConnectionCallDto, origin: RequestOrigin): Promise<ManagedConnectionCallResponse> {
    const start = DateTime.fromISO(dto.startsAt).toMillis();
    const end = start + this.availability.rules.callMinutes * MINUTE;
    return this.db.transaction(async (tx) => {
      const row = await this.lock(tx, token);
      if (row.status === 'cancelled') throw new Conflict(CALL_PROBLEMS['call-cancelled'], 'A cancelled connection call cannot be rescheduled; book a new one.');
      this.assertChangeable(row);
      await this.availability.freeTherapists(tx, start, row.therapist_id, row.busy_time_id);
      try {
        await this.busyTime.move(tx, row.busy_time_id, row.therapist_id, { startsAt: new Date(start), endsAt: new Date(end) });
      } catch (error) {
        if (isBusy(error)) throw slotTaken();
        throw error;
      }
      await affected(tx, connectionCallQueries.moveCall(row.id, new Date(start), new Date(end)));
      const next = { ...row, starts_at: new Date(start), ends_at: new Date(end) };
      await this.notifications.send(tx, 'connection_call.rescheduled', next, { previousStartsAt: inZone(row.starts_at, this.zone), manageUrl: this.notifications.manageUrl(token) });
      await this.audit.record(tx, auditedCaller(undefined, origin), { action: 'update', resourceType: 'connection_call', resourceId: row.id, clientIds: [] });
      return toManagedResponse(next, this.zone);
    });
  }

  private async lock(tx: EntityManager, token: string): Promise<CallRow> {
    const row = await first(tx, connectionCallQueries.lockManagedCall(this.tokenHash(token)));
    if (!row) throw new NotFound('connection call');
    return row;
  }

  /** A malformed token can match nothing; it is answered like an unknown one. */
  private tokenHash(token: string): Buffer {
    if (!MANAGE_TOKEN.test(token)) throw new NotFound('connection call');
    return hashToken(token);
  }

  private assertChangeable(row: CallRow): void {
    if (row.status !== 'booked') throw new Conflict(CALL_PROBLEMS['call-finished'], 'This connection call has already taken place.');
    if (row.starts_at.getTime() <= Date.now()) throw new Conflict(CALL_PROBLEMS['call-started'], 'This connection call has already started; it can no longer be changed.');
  }
}
