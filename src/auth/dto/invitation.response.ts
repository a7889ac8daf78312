import { ApiProperty } from '@nestjs/swagger';

/** What staff learn about an invitation they sent: never the link or its token. */
export class InvitationResponse {
  /** @example "0b8e4c1d-6f0a-4f7e-9d59-2f1f3c0f2a77" */
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** The email on the client record, masked: the link went there and nowhere else. @example "s***@example.com" */
  @ApiProperty({ maxLength: 254 })
  sentTo!: string;
  /** The link stops working at this instant. @example "2026-12-02T15:00:00.000Z" */
  expiresAt!: Date;
}
