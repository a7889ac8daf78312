import { ApiProperty } from '@nestjs/swagger';
import { CLIENT_STATUSES, ClientStatus, PROVINCES, Province } from '../client.entity';

export class AddressResponse {
  @ApiProperty({ type: String, nullable: true, maxLength: 200 })
  line1!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 200 })
  line2!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 100 })
  city!: string | null;
  @ApiProperty({ enum: PROVINCES, enumName: 'Province' })
  province!: Province;
  @ApiProperty({ type: String, nullable: true, maxLength: 7 })
  postalCode!: string | null;
}

export class EmergencyContactResponse {
  @ApiProperty({ type: String, nullable: true, maxLength: 200 })
  name!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 16, pattern: '^\\+[1-9]\\d{6,14}$' })
  phone!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 100 })
  relationship!: string | null;
}

export class ClientResponse {
  /** @example "8d3f1c2a-5b6e-4f70-9a81-2c3d4e5f6a7b" */
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
  @ApiProperty({ format: 'date', example: '1988-04-17' })
  dateOfBirth!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: 254, format: 'email' })
  email!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: 16, pattern: '^\\+[1-9]\\d{6,14}$' })
  phone!: string | null;
  address!: AddressResponse;
  emergencyContact!: EmergencyContactResponse;
  @ApiProperty({ enum: CLIENT_STATUSES, enumName: 'ClientStatus' })
  status!: ClientStatus;
  @ApiProperty({ format: 'uuid' })
  primaryTherapistId!: string;
  /** Whether the client has a portal account. */
  hasPortalAccount!: boolean;
  /** The latest contact the record shows (sessions, notes, calls, consents, ruptures); starts the retention clock. Read-only. */
  lastContactAt!: Date | null;
  archivedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
}
