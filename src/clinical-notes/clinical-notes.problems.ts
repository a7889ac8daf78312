import { declareProblems } from '../common/problem/problem-codes';

/** The problem codes of clinical-notes; docs/problems.md lists them. */
export const CLINICAL_NOTE_PROBLEMS = declareProblems('clinical-notes', {
  'clinical-note-exists': { status: 409, meaning: 'a session has one original note; change it with a correction' },
  'clinical-note-version-stale': { status: 409, meaning: 'corrections target the current version; read the note again' },
});
