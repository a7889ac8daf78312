import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DateTime } from 'luxon';
import { DataSource, EntityManager } from 'typeorm';
import { BusyTimeService } from '../busy-time/busy-time.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { Actor, RequestOrigin } from '../common/auth/roles';
import { hashToken, newSecretToken } from '../common/auth/secret-token';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Conflict, TooManyRequests, Unprocessable } from '../common/problem/problem';
import { RateLimiter } from '../common/rate-limit/rate-limiter';
import { inZone } from '../common/time/in-zone';
import type { AppConfig } from '../config/environment';
import { affected, rows } from '../database/statement';
import { normaliseEmail } from '../users/email';
import { CallAvailabilityService, isBusy, MINUTE, slotTaken } from './call-availability.service';
import { CallNotifications } from './call-notifications';
import { CALL_PROBLEMS } from './connection-calls.problems';
import { connectionCallQueries } from './connection-calls.queries';
import { BookConnectionCallDto } from './dto/book-connection-call.dto';
import { BookedConnectionCallResponse } from './dto/connection-call.response';
import { auditedCaller } from './request-origin';

/** The public booking of a connection call: rate limited, capped per email, once per Idempotency-Key. */
@Injectable()
export class CallBookingService {
  constructor(
    private readonly db: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly availability: CallAvailabilityService,
    private readonly busyTime: BusyTimeService,
    private readonly notifications: CallNotifications,
    private readonly audit: AuditTrail,
    private readonly limiter: RateLimiter,
    private readonly idempotency: Idempotency,
  ) {}

  /** Books a call once per Idempotency-Key; the answer is 201 or its replay. */
  async book(actor: Actor | undefined, dto: BookConnectionCallDto, idempotent: IdempotentRequest | undefined, origin: RequestOrigin): Promise<IdempotentAnswer<BookedConnectionCallResponse>> {
    if (!dto.inOntario) {
      throw new Unprocessable(
        CALL_PROBLEMS['outside-ontario'],
        'The clinic’s therapists practise with Ontario residents only, so connection calls are for people who are in Ontario.',
      );
    }
    // The manage link is a secret: stored without it, and re-issued to the caller who replays.
    const write = {
      stored: ({ manageUrl: _secret, ...answer }: BookedConnectionCallResponse) => answer,
      replay: (answer: Omit<BookedConnectionCallResponse, 'manageUrl'>) => this.reissueManageLink(answer),
      // Outside the transaction: the counters take a connection of their own, and a booking holds one already.
      before: () => this.limitRate(actor, requesterHash(actor, origin, normaliseEmail(dto.email)), origin),
    };
    return this.idempotency.run(idempotent, dto, write, (tx) => this.bookOnce(tx, actor, dto, origin));
  }

  /** A fresh manage link for a booking; the one issued before stops working. */
  private async reissueManageLink(answer: Omit<BookedConnectionCallResponse, 'manageUrl'>): Promise<BookedConnectionCallResponse> {
    const token = newSecretToken('mt_');
    await affected(this.db, connectionCallQueries.replaceManageToken(answer.id, hashToken(token)));
    await this.notifications.manageLinkReplaced(this.db, answer.id, this.manageUrl(token));
    return { ...answer, manageUrl: this.manageUrl(token) };
  }

  private manageUrl(token: string): string {
    return this.notifications.manageUrl(token);
  }

  private async bookOnce(tx: EntityManager, actor: Actor | undefined, dto: BookConnectionCallDto, origin: RequestOrigin): Promise<BookedConnectionCallResponse> {
    const email = normaliseEmail(dto.email);
    const requester = requesterHash(actor, origin, email);
    const start = DateTime.fromISO(dto.startsAt).toMillis();
    const end = start + this.availability.rules.callMinutes * MINUTE;
    const free = await this.availability.freeTherapists(tx, start, dto.therapistId);
    const token = newSecretToken('mt_');
    const manageUrl = this.manageUrl(token);
    // Serialises bookings of one email, so the cap on open bookings holds under concurrency.
    await rows(tx, connectionCallQueries.lockEmail(email));
    const max = this.config.get('BOOKING_MAX_OPEN_PER_EMAIL', { infer: true });
    // The answer depends only on what this requester booked for the email, never on the email's
    // other bookings (that would tell anyone that the person sought care); the person hears of
    // every booking in their name by email.
    const [{ mine, all }] = await rows(tx, connectionCallQueries.openBookings(email, requester));
    if (mine >= max) {
      throw new Conflict(
        CALL_PROBLEMS['too-many-open-bookings'],
        `You already booked ${mine} upcoming connection calls for this email; cancel one with its manage link before booking another.`,
      );
    }
    for (const therapist of free) {
      let busyTimeId: string;
      try {
        busyTimeId = await this.busyTime.reserve(tx, therapist.id, { startsAt: new Date(start), endsAt: new Date(end) }, 'connection_call');
      } catch (error) {
        if (isBusy(error)) continue; // lost the race for this therapist: try the next one who was free
        throw error;
      }
      const [row] = await rows(
        tx,
        connectionCallQueries.insertCall({
          therapist_id: therapist.id,
          busy_time_id: busyTimeId,
          starts_at: new Date(start),
          ends_at: new Date(end),
          modality: dto.modality,
          name: dto.name,
          email,
          phone: dto.phone ?? null,
          message: dto.message || null,
          manage_token_hash: hashToken(token),
          booked_by_key_id: actor?.kind === 'apiKey' ? actor.id : null,
          requester_hash: requester,
        }),
      );
      await this.notifications.send(tx, 'connection_call.booked', row, { manageUrl, upcomingCalls: all + 1 });
      await this.audit.record(tx, auditedCaller(actor, origin), { action: 'create', resourceType: 'connection_call', resourceId: row.id, clientIds: [] });
      const zone = this.availability.rules.zone;
      return {
        id: row.id,
        startsAt: inZone(row.starts_at, zone),
        endsAt: inZone(row.ends_at, zone),
        modality: row.modality,
        status: row.status,
        therapist: { id: row.therapist_id, displayName: row.therapist_name },
        manageUrl,
      };
    }
    throw slotTaken();
  }

  private async limitRate(actor: Actor | undefined, requester: Buffer, origin: RequestOrigin): Promise<void> {
    // An integration books for many people from one address: its key skips the per-address limit.
    const integration = actor?.kind === 'apiKey' && actor.scopes.includes('bookings:write');
    if (!integration) {
      const limit = this.config.get('BOOKING_RATE_PER_HOUR_PER_ADDRESS', { infer: true });
      const address = await this.limiter.consume(`booking-address:${origin.sourceAddress ?? 'unknown'}`, limit, 3600);
      if (!address.allowed) throw new TooManyRequests(address.retryAfterSeconds, 'Too many bookings from your address; try again later.');
    }
    const perDay = this.config.get('BOOKING_RATE_PER_DAY_PER_EMAIL', { infer: true });
    // Counted per email and requester: a stranger's attempts never use up the person's own.
    const byEmail = await this.limiter.consume(`booking-email:${requester.toString('base64url')}`, perDay, 86_400);
    if (!byEmail.allowed) throw new TooManyRequests(byEmail.retryAfterSeconds, 'Too many booking attempts for this email today; try again later.');
  }
}

/** Who asks for a booking for `email`: the integration key, or else the source address; hashed, never stored in clear. */
function requesterHash(actor: Actor | undefined, origin: RequestOrigin, email: string): Buffer {
  const requester = actor?.kind === 'apiKey' ? `key:${actor.id}` : `address:${origin.sourceAddress ?? 'unknown'}`;
  return hashToken(`${email}\n${requester}`);
}
