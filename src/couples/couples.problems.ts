import { declareProblems } from '../common/problem/problem-codes';

/** The problem codes of couples; docs/problems.md lists them. */
export const COUPLE_PROBLEMS = declareProblems('couples', {
  'partner-in-active-couple': { status: 409, meaning: 'a client already belongs to a couple that has not ended' },
  'joint-consent-missing': { status: 409, meaning: 'releasing a joint record needs both partners\' current consent; `missingConsentFrom` lists whose' },
  'same-partner': { status: 422, meaning: 'a couple is two different clients' },
  'unknown-partner': { status: 422, meaning: 'a partner is not a client on the caseload' },
});
