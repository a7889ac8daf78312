import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { UserActor } from '../common/auth/roles';
import { decodeCursor, Page, PageQuery, toPage } from '../common/pagination/pagination';
import { NotFound, Unprocessable } from '../common/problem/problem';
import type { AppConfig } from '../config/environment';
import { WeeklyAvailabilityDto } from './dto/availability.dto';
import { PublicTherapistResponse, WeeklyAvailabilityResponse } from './dto/therapist.response';

@Injectable()
export class TherapistsService {
  constructor(
    private readonly db: DataSource,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async availability(actor: UserActor, therapistId: string): Promise<WeeklyAvailabilityResponse> {
    await this.assertReachable(actor, therapistId);
    const windows: { weekday: number; start: string; end: string }[] = await this.db.query(
      `SELECT weekday, to_char(starts_at, 'HH24:MI') AS start, to_char(ends_at, 'HH24:MI') AS end
         FROM availability_windows WHERE therapist_id = $1 ORDER BY weekday, starts_at`,
      [therapistId],
    );
    return { therapistId, timeZone: this.config.get('CLINIC_TIME_ZONE', { infer: true }), windows };
  }

  /** Replaces the therapist's whole week at once. */
  async replaceAvailability(actor: UserActor, therapistId: string, dto: WeeklyAvailabilityDto): Promise<WeeklyAvailabilityResponse> {
    const windows = [...dto.windows].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
    windows.forEach((w, i) => {
      if (w.end <= w.start) throw new Unprocessable('window-order', `Window ${i + 1} ends before it starts.`);
      const next = windows[i + 1];
      if (next && next.weekday === w.weekday && next.start < w.end) {
        throw new Unprocessable('window-overlap', `Two windows overlap on weekday ${w.weekday}.`);
      }
    });
    await this.assertReachable(actor, therapistId);
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM availability_windows WHERE therapist_id = $1', [therapistId]);
      if (windows.length) {
        await tx.query(
          `INSERT INTO availability_windows (therapist_id, weekday, starts_at, ends_at)
           SELECT $1, w.weekday, w.start::time, w."end"::time FROM jsonb_to_recordset($2::jsonb) AS w(weekday int, start text, "end" text)`,
          [therapistId, JSON.stringify(windows)],
        );
      }
    });
    return this.availability(actor, therapistId);
  }

  /** Active therapists who take connection calls: names, credentials, languages, bio. */
  async listBookable(query: PageQuery): Promise<Page<PublicTherapistResponse>> {
    const params: unknown[] = [];
    let after = '';
    if (query.cursor) {
      const [name, id] = decodeCursor(query.cursor, 2);
      params.push(name, id);
      after = 'AND (u.display_name, u.id) > ($1, $2::uuid)';
    }
    const rows: (PublicTherapistResponse & { id: string })[] = await this.db.query(
      `SELECT u.id, u.display_name AS "displayName", p.credentials, p.languages, p.bio
         FROM users u JOIN therapist_profiles p ON p.user_id = u.id
        WHERE u.role = 'therapist' AND u.active AND p.takes_connection_calls ${after}
        ORDER BY u.display_name, u.id LIMIT ${query.limit + 1}`,
      params,
    );
    return toPage(rows, query.limit, (r) => [r.displayName, r.id], (r) => r);
  }

  /** A therapist manages their own calendar; admins any therapist's. Anyone else: 404. */
  private async assertReachable(actor: UserActor, therapistId: string): Promise<void> {
    if (actor.role === 'therapist' && actor.id !== therapistId) throw new NotFound('therapist');
    const [found]: unknown[] = await this.db.query(`SELECT 1 FROM users WHERE id = $1 AND role = 'therapist'`, [therapistId]);
    if (!found) throw new NotFound('therapist');
  }
}
