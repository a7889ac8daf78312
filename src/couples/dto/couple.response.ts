import { ApiProperty } from '@nestjs/swagger';
import { ClientResponse } from '../../clients/dto/client.response';
import { COUPLE_BILLING_PAYERS, COUPLE_STATUSES, CoupleBillingPayer, CoupleStatus } from '../couple.entity';

/** What each partner and the couple's therapist see of a partner: no private fields. */
export class PartnerResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** @example "Alexandra Tremblay" */
  @ApiProperty({ maxLength: 200 })
  legalName!: string;
  /** @example "Alex" */
  @ApiProperty({ type: String, nullable: true, maxLength: 200 })
  preferredName!: string | null;
  /** @example "they/them" */
  @ApiProperty({ type: String, nullable: true, maxLength: 50 })
  pronouns!: string | null;
}

export class CoupleResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  therapistId!: string;
  @ApiProperty({ enum: COUPLE_STATUSES, enumName: 'CoupleStatus' })
  status!: CoupleStatus;
  @ApiProperty({ format: 'date', example: '2026-11-02' })
  startedOn!: string;
  @ApiProperty({ format: 'date', nullable: true, type: String })
  endedOn!: string | null;
  @ApiProperty({ type: [PartnerResponse], minItems: 2, maxItems: 2 })
  partners!: PartnerResponse[];
  /** Who is billed for the couple's sessions (docs/billing.md). */
  @ApiProperty({ enum: COUPLE_BILLING_PAYERS, enumName: 'CoupleBillingPayer' })
  billingPayer!: CoupleBillingPayer;
  /** Partner A's share of each fee in basis points when split; null otherwise. */
  @ApiProperty({ type: Number, nullable: true, example: null })
  partnerAShareBasisPoints!: number | null;
  createdAt!: Date;
  updatedAt!: Date;
}

/** The joint record released with both partners' consent. */
export class CoupleRecordExportResponse {
  couple!: CoupleResponse;
  @ApiProperty({ type: [ClientResponse], minItems: 2, maxItems: 2 })
  partners!: ClientResponse[];
  exportedAt!: Date;
}
