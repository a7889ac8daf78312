import { NoteRow } from './clinical-notes.queries';
import { ClinicalNoteResponse, ClinicalNoteVersionResponse } from './dto/clinical-note.dto';

export function toNoteResponse(row: NoteRow): ClinicalNoteResponse {
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
