import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { Conflict, InvalidRequest, NotFound, Problem } from '../common/problem/problem';
import { SqlParams } from '../database/sql-params';
import { SESSION_CLIENT_IDS } from '../therapy-sessions/therapy-sessions.queries';
import { ClinicalNoteResponse, ClinicalNoteVersionResponse, WriteClinicalNoteDto } from './dto/clinical-note.dto';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';

interface NoteRow {
  session_id: string;
  client_ids: string[];
  versions: { version: number; text: string; author_id: string; author_name: string; written_at: string; corrects_version: number | null; reason: string | null }[];
}

/** The versions of one session's note, aggregated into one row per session (`s`, `k` in scope). */
const NOTE_SELECT = `SELECT s.id AS session_id, ${SESSION_CLIENT_IDS} AS client_ids,
    json_agg(json_build_object('version', n.version, 'text', n.text, 'author_id', n.author_id, 'author_name', a.display_name,
      'written_at', n.written_at, 'corrects_version', n.corrects_version, 'reason', n.reason) ORDER BY n.version) AS versions
  FROM therapy_sessions s
  LEFT JOIN couples k ON k.id = s.couple_id
  JOIN clinical_notes n ON n.session_id = s.id
  JOIN users a ON a.id = n.author_id`;

function toNoteResponse(row: NoteRow): ClinicalNoteResponse {
  const versions: ClinicalNoteVersionResponse[] = row.versions.map((v) => ({
    version: v.version,
    text: v.text,
    authorId: v.author_id,
    authorName: v.author_name,
    writtenAt: new Date(v.written_at),
    correctsVersion: v.corrects_version,
    reason: v.reason,
  }));
  const current = versions[versions.length - 1];
  return { sessionId: row.session_id, currentVersion: current.version, text: current.text, versions };
}

/**
 * Clinical notes: written and read by the session's therapist alone (not admins, not clients,
 * not other therapists: 404). Never overwritten; a correction adds a version.
 */
@Injectable()
export class ClinicalNotesService {
  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
    private readonly audit: AuditTrail,
    private readonly idempotency: Idempotency,
  ) {}

  async get(actor: UserActor, sessionId: string): Promise<ClinicalNoteResponse> {
    const row = await this.readNote(actor, sessionId);
    if (!row) throw new NotFound('clinical note for a session');
    return toNoteResponse(row);
  }

  /** Writes the original note, or a correction of the current version (`correctsVersion` and `reason`). */
  async write(actor: UserActor, sessionId: string, dto: WriteClinicalNoteDto, idempotent?: IdempotentRequest): Promise<IdempotentAnswer<ClinicalNoteResponse>> {
    return this.idempotency.run(idempotent, dto, { stored: () => ({ sessionId }), replay: () => this.get(actor, sessionId) }, async (tx) => {
      const p = new SqlParams();
      // The session row lock queues concurrent writers, so versions stay gap-free.
      const [session]: { client_ids: string[]; current: number | null }[] = await tx.query(
        `SELECT ${SESSION_CLIENT_IDS} AS client_ids, (SELECT max(n.version) FROM clinical_notes n WHERE n.session_id = s.id) AS current
           FROM therapy_sessions s LEFT JOIN couples k ON k.id = s.couple_id
          WHERE s.id = ${p.add(sessionId)} AND ${this.access.clinicalNotePredicate(actor, p, 's')}
          FOR UPDATE OF s`,
        p.values,
      );
      if (!session) throw new NotFound('session');
      const current = session.current;
      if (dto.correctsVersion === undefined) {
        if (current !== null) {
          throw new Conflict('clinical-note-exists', `This session already has a note (version ${current}); correct it with correctsVersion and reason.`, { currentVersion: current });
        }
      } else if (current === null || dto.correctsVersion !== current) {
        throw correctionOfOldVersion(current);
      }
      const version = (current ?? 0) + 1;
      await tx.query(
        `INSERT INTO clinical_notes (session_id, version, text, corrects_version, reason, author_id) VALUES ($1, $2, $3, $4, $5, $6)`,
        [sessionId, version, dto.text, dto.correctsVersion ?? null, dto.reason ?? null, actor.id],
      );
      await this.audit.record(tx, actor, {
        action: version === 1 ? 'create' : 'correct',
        resourceType: 'clinical_note',
        resourceId: sessionId,
        clientIds: session.client_ids,
      });
      // The write's own audit event covers answering with what was written.
      const { select, p: params } = this.noteSelect(actor, sessionId);
      const [row]: NoteRow[] = await tx.query(select, params.values);
      return toNoteResponse(row);
    });
  }

  private async readNote(actor: UserActor, sessionId: string): Promise<NoteRow | undefined> {
    const { select, p } = this.noteSelect(actor, sessionId);
    const [row] = await this.audit.read<NoteRow>(actor, select, p, readSpec);
    return row;
  }

  private noteSelect(actor: UserActor, sessionId: string): { select: string; p: SqlParams } {
    const p = new SqlParams();
    const select = `${NOTE_SELECT} WHERE s.id = ${p.add(sessionId)} AND ${this.access.clinicalNotePredicate(actor, p, 's')}
      GROUP BY s.id, k.id`;
    return { select, p };
  }
}

/** One audit event per note read, on the session's id. */
const readSpec = { action: 'read', resourceType: 'clinical_note', resourceId: 'rows.session_id', clientIds: 'rows.client_ids' } as const;

function correctionOfOldVersion(current: number | null): Problem {
  if (current === null) {
    return new InvalidRequest('There is no note to correct yet; write the original without correctsVersion.', [
      { field: 'correctsVersion', message: 'the session has no note yet' },
    ]);
  }
  return new Conflict('clinical-note-version-stale', `Only the current version (${current}) can be corrected; read the note again.`, { currentVersion: current });
}
