import { ApiProperty } from '@nestjs/swagger';
import { CONSENT_DECISIONS, CONSENT_PURPOSES, ConsentDecision, ConsentPurpose } from '../consent.entity';

export class ConsentEntryResponse {
  id!: string;
  @ApiProperty({ enum: CONSENT_PURPOSES, enumName: 'ConsentPurpose' })
  purpose!: ConsentPurpose;
  @ApiProperty({ enum: CONSENT_DECISIONS, enumName: 'ConsentDecision' })
  decision!: ConsentDecision;
  note!: string | null;
  /** The user who recorded it (the client or a staff member). */
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
  clientId!: string;
  @ApiProperty({ type: [ConsentStateResponse] })
  current!: ConsentStateResponse[];
  /** Every entry, newest first. */
  @ApiProperty({ type: [ConsentEntryResponse] })
  entries!: ConsentEntryResponse[];
}
