import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { UserActor } from '../common/auth/roles';
import { Page, PageQuery } from '../common/pagination/pagination';
import { NotFound, Unprocessable } from '../common/problem/problem';
import type { AppConfig } from '../config/environment';
import { first, Queryable, rows } from '../database/statement';
import { WeeklyAvailabilityDto } from './dto/availability.dto';
import { PublicTherapistResponse, WeeklyAvailabilityResponse } from './dto/therapist.response';
import { THERAPIST_PROBLEMS } from './therapists.problems';
import { BOOKABLE_ORDER, therapistQueries } from './therapists.queries';

@Injectable()
export class TherapistsService {
  constructor(
    private readonly db: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly access: AccessService,
  ) {}

  async availability(actor: UserActor, therapistId: string): Promise<WeeklyAvailabilityResponse> {
    await this.assertCalendarReachable(this.db, actor, therapistId);
    const windows = await rows(this.db, therapistQueries.weeklyWindows(therapistId));
    return { therapistId, timeZone: this.config.get('CLINIC_TIME_ZONE', { infer: true }), windows };
  }

  /** Replaces the therapist's whole week at once. */
  async replaceAvailability(actor: UserActor, therapistId: string, dto: WeeklyAvailabilityDto): Promise<WeeklyAvailabilityResponse> {
    const windows = [...dto.windows].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
    windows.forEach((w, i) => {
      if (w.end <= w.start) throw new Unprocessable(THERAPIST_PROBLEMS['window-order'], `Window ${i + 1} ends before it starts.`);
      const next = windows[i + 1];
      if (next && next.weekday === w.weekday && next.start < w.end) {
        throw new Unprocessable(THERAPIST_PROBLEMS['window-overlap'], `Two windows overlap on weekday ${w.weekday}.`);
      }
    });
    await this.assertCalendarReachable(this.db, actor, therapistId);
    await this.db.transaction(async (tx) => {
      for (const s of therapistQueries.replaceWindows(therapistId, windows)) await rows(tx, s);
    });
    return this.availability(actor, therapistId);
  }

  /** Active therapists who take connection calls: names, credentials, languages, bio. */
  async listBookable(query: PageQuery): Promise<Page<PublicTherapistResponse>> {
    const found = await rows(this.db, therapistQueries.bookableTherapists(query));
    return BOOKABLE_ORDER.page(found, query.limit, (r) => ({ id: r.id, displayName: r.displayName, credentials: r.credentials, languages: r.languages, bio: r.bio }));
  }

  /** A therapist manages their own calendar (availability, time off); admins any therapist's. Anyone else: 404. */
  async assertCalendarReachable(db: Queryable, actor: UserActor, therapistId: string): Promise<void> {
    const found = await first(db, therapistQueries.reachableTherapist(this.access.scope(actor), therapistId));
    if (!found) throw new NotFound('therapist');
  }
}
