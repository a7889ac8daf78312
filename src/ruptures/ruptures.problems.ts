import { declareProblems } from '../common/problem/problem-codes';

/** The problem codes of ruptures; docs/problems.md lists them. */
export const RUPTURE_PROBLEMS = declareProblems('ruptures', {
  'rupture-not-recognized': { status: 409, meaning: 'a repair attempt starts after the other partner recognised the rupture (docs/repair-model.md)' },
  'repair-attempt-open': { status: 409, meaning: 'a repair attempt is already open; confirm or close it first' },
  'repair-attempt-closed': { status: 409, meaning: 'the repair attempt is closed' },
  'already-recognized': { status: 409, meaning: 'this partner has already recognised the rupture' },
  'already-confirmed': { status: 409, meaning: 'this partner has already said how they feel about the repair attempt' },
  'rupture-completed': { status: 409, meaning: 'the rupture is repaired; it can no longer change' },
  'initiator-not-caller': { status: 422, meaning: 'a partner starts a repair attempt as themself' },
  'initiator-not-partner': { status: 422, meaning: 'the initiator of a repair attempt is a partner of the couple' },
  'session-not-of-couple': { status: 422, meaning: 'the session named is not one of the couple\'s' },
});
