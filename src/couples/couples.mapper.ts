import { CoupleRow } from './couples.queries';
import { CoupleResponse } from './dto/couple.response';

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
    billingPayer: r.billing_payer,
    partnerAShareBasisPoints: r.billing_share_a_basis_points,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
