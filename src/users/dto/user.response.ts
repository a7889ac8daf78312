import { ApiProperty } from '@nestjs/swagger';
import { ROLES, Role } from '../../common/auth/roles';

export class TherapistProfileResponse {
  /** @example "RP" */
  @ApiProperty({ maxLength: 100 })
  credentials!: string;
  /** @example "10234" */
  @ApiProperty({ type: String, nullable: true, maxLength: 10, pattern: '^[0-9]{3,10}$' })
  crpoNumber!: string | null;
  /** @example ["en", "fr"] */
  @ApiProperty({ type: [String], maxItems: 10, maxLength: 3, pattern: '^[a-z]{2,3}$' })
  languages!: string[];
  @ApiProperty({ maxLength: 2000 })
  bio!: string;
  takesConnectionCalls!: boolean;
}

export class UserResponse {
  /** @example "3f0c9f7e-8a36-4f6e-9a53-0a4f5b7f9a10" */
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** @example "dana.morel@clinic.example" */
  @ApiProperty({ maxLength: 254, format: 'email' })
  email!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  role!: Role;
  /** @example "Dana Morel" */
  @ApiProperty({ maxLength: 200 })
  displayName!: string;
  active!: boolean;
  therapistProfile!: TherapistProfileResponse | null;
  createdAt!: Date;
  updatedAt!: Date;
}
