import { ApiProperty } from '@nestjs/swagger';
import { ClientResponse } from '../../clients/dto/client.response';
import { COUPLE_STATUSES, CoupleStatus } from '../couple.entity';

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
