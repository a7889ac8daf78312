import { ApiProperty } from '@nestjs/swagger';
export class InvitationResponse {
  /** @example "0b8e4c1d-6f0a-4f7e-9d59-2f1f3c0f2a77" */
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** Where the invitation goes. @example "sam.rivera@example.com" */
  @ApiProperty({ maxLength: 254, format: 'email' })
  email!: string;
  /** The link stops working at this instant. @example "2026-12-02T15:00:00.000Z" */
  expiresAt!: Date;
  /** The link to send; shown only now, the clinic keeps only its hash. @example "https://clinic.example/portal/accept-invitation#token=iv_3q2-7wEvxQ8mJ5v0yZr1m0B6S5oWcTgHkq0a1dX2b4c" */
  @ApiProperty({ maxLength: 2048, format: 'uri' })
  acceptUrl!: string;
}
