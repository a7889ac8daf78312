import { CoupleStatus } from './couple.entity';
import { CoupleResponse } from './dto/couple.response';

export interface CoupleRow {
  id: string;
  therapist_id: string;
  status: CoupleStatus;
  started_on: string;
  ended_on: string | null;
  created_at: Date;
  updated_at: Date;
  partner_a_id: string;
  a_legal_name: string;
  a_preferred_name: string | null;
  a_pronouns: string | null;
  partner_b_id: string;
  b_legal_name: string;
  b_preferred_name: string | null;
  b_pronouns: string | null;
}

/** A couple `k` with its partners `a` and `b`: only the fields every party may see. */
export const COUPLE_SELECT = `SELECT k.id, k.therapist_id, k.status,
    to_char(k.started_on, 'YYYY-MM-DD') AS started_on, to_char(k.ended_on, 'YYYY-MM-DD') AS ended_on,
    k.created_at, k.updated_at,
    k.partner_a_id, a.legal_name AS a_legal_name, a.preferred_name AS a_preferred_name, a.pronouns AS a_pronouns,
    k.partner_b_id, b.legal_name AS b_legal_name, b.preferred_name AS b_preferred_name, b.pronouns AS b_pronouns
  FROM couples k
  JOIN clients a ON a.id = k.partner_a_id
  JOIN clients b ON b.id = k.partner_b_id`;

export function toCoupleResponse(r: CoupleRow): CoupleResponse {
  return {
    id: r.id,
    therapistId: r.therapist_id,
    status: r.status,
    startedOn: r.started_on,
    endedOn: r.ended_on,
    partners: [
      { id: r.partner_a_id, legalName: r.a_legal_name, preferredName: r.a_preferred_name, pronouns: r.a_pronouns },
      { id: r.partner_b_id, legalName: r.b_legal_name, preferredName: r.b_preferred_name, pronouns: r.b_pronouns },
    ],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
