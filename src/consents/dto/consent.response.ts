import { ApiProperty } from '@nestjs/swagger';
import { CONSENT_DECISIONS, CONSENT_PURPOSES, ConsentDecision, ConsentPurpose } from '../consent.entity';

export class ConsentEntryResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: CONSENT_PURPOSES, enumName: 'ConsentPurpose' })
  purpose!: ConsentPurpose;
  @ApiProperty({ enum: CONSENT_DECISIONS, enumName: 'ConsentDecision' })
  decision!: ConsentDecision;
  @ApiProperty({ type: String, nullable: true, maxLength: 500 })
  note!: string | null;
  /** The user who recorded it (the client or a staff member). */
  @ApiProperty({ format: 'uuid' })
  recordedBy!: string;
  recordedAt!: Date;
}

export class ConsentStateResponse {
  @ApiProperty({ enum: CONSENT_PURPOSES, enumName: 'ConsentPurpose' })
  purpose!: ConsentPurpose;
  /** Granted by the latest entry for this purpose. */
  granted!: boolean;
  /** When the latest entry was recorded; null when there is none. */
  since!: Date | null;
}

export class ConsentLedgerResponse {
  @ApiProperty({ format: 'uuid' })
  clientId!: string;
  @ApiProperty({ type: [ConsentStateResponse], maxItems: CONSENT_PURPOSES.length })
  current!: ConsentStateResponse[];
  /** Every entry, newest first. */
  @ApiProperty({ type: [ConsentEntryResponse] })
  entries!: ConsentEntryResponse[];
}
