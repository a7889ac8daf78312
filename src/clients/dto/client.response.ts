import { ApiProperty } from '@nestjs/swagger';
import { CLIENT_STATUSES, ClientStatus, PROVINCES, Province } from '../client.entity';

export class AddressResponse {
  line1!: string | null;
  line2!: string | null;
  city!: string | null;
  @ApiProperty({ enum: PROVINCES, enumName: 'Province' })
  province!: Province;
  postalCode!: string | null;
}

export class EmergencyContactResponse {
  name!: string | null;
  phone!: string | null;
  relationship!: string | null;
}

export class ClientResponse {
  /** @example "8d3f1c2a-5b6e-4f70-9a81-2c3d4e5f6a7b" */
  id!: string;
  /** @example "Alexandra Tremblay" */
  legalName!: string;
  /** @example "Alex" */
  preferredName!: string | null;
  /** @example "they/them" */
  pronouns!: string | null;
  @ApiProperty({ format: 'date', example: '1988-04-17' })
  dateOfBirth!: string;
  email!: string | null;
  phone!: string | null;
  address!: AddressResponse;
  emergencyContact!: EmergencyContactResponse;
  @ApiProperty({ enum: CLIENT_STATUSES, enumName: 'ClientStatus' })
  status!: ClientStatus;
  primaryTherapistId!: string;
  /** Whether the client has a portal account. */
  hasPortalAccount!: boolean;
  lastContactAt!: Date | null;
  archivedAt!: Date | null;
  createdAt!: Date;
  updatedAt!: Date;
}
