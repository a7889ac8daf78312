import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { AuditTrail } from '../common/audit/audit-trail';
import { UserActor } from '../common/auth/roles';
import { Conflict, InvalidRequest, NotFound, Problem } from '../common/problem/problem';
import { affected, first, rows } from '../database/statement';
import { toNoteResponse } from './clinical-notes.mapper';
import { CLINICAL_NOTE_PROBLEMS } from './clinical-notes.problems';
import { clinicalNotesQueries, NoteRow } from './clinical-notes.queries';
import { ClinicalNoteResponse, WriteClinicalNoteDto } from './dto/clinical-note.dto';
import { Idempotency, IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';

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
      const scope = this.access.scope(actor);
      // The session row lock queues concurrent writers, so versions stay gap-free.
      const session = await first(tx, clinicalNotesQueries.sessionForWriting(scope, sessionId));
      if (!session) throw new NotFound('session');
      const current = session.current;
      if (dto.correctsVersion === undefined) {
        if (current !== null) {
          throw new Conflict(CLINICAL_NOTE_PROBLEMS['clinical-note-exists'], `This session already has a note (version ${current}); correct it with correctsVersion and reason.`, { currentVersion: current });
        }
      } else if (current === null || dto.correctsVersion !== current) {
        throw correctionOfOldVersion(current);
      }
      const version = (current ?? 0) + 1;
      await affected(
        tx,
        clinicalNotesQueries.addVersion({ sessionId, version, text: dto.text, correctsVersion: dto.correctsVersion ?? null, reason: dto.reason ?? null, authorId: actor.id }),
      );
      await this.audit.record(tx, actor, {
        action: version === 1 ? 'create' : 'correct',
        resourceType: 'clinical_note',
        resourceId: sessionId,
        clientIds: session.client_ids,
      });
      // The write's own audit event covers answering with what was written.
      const [row] = await rows(tx, clinicalNotesQueries.note(scope, sessionId));
      return toNoteResponse(row);
    });
  }

  private readNote(actor: UserActor, sessionId: string): Promise<NoteRow | undefined> {
    return this.audit.readOne(actor, clinicalNotesQueries.note(this.access.scope(actor), sessionId), readSpec);
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
  return new Conflict(CLINICAL_NOTE_PROBLEMS['clinical-note-version-stale'], `Only the current version (${current}) can be corrected; read the note again.`, { currentVersion: current });
}
