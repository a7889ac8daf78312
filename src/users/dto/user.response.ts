import { ApiProperty } from '@nestjs/swagger';
import { ROLES, Role } from '../../common/auth/roles';

export class TherapistProfileResponse {
  /** @example "RP" */
  credentials!: string;
  /** @example "10234" */
  crpoNumber!: string | null;
  /** @example ["en", "fr"] */
  languages!: string[];
  bio!: string;
  takesConnectionCalls!: boolean;
}

export class UserResponse {
  /** @example "3f0c9f7e-8a36-4f6e-9a53-0a4f5b7f9a10" */
  id!: string;
  /** @example "dana.morel@clinic.example" */
  email!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  role!: Role;
  /** @example "Dana Morel" */
  displayName!: string;
  active!: boolean;
  therapistProfile!: TherapistProfileResponse | null;
  createdAt!: Date;
  updatedAt!: Date;
}
