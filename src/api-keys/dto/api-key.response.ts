import { ApiProperty } from '@nestjs/swagger';
import { SCOPES, Scope } from '../../common/auth/roles';

/** A key as lists show it: never the key itself nor its hash. */
export class ApiKeyResponse {
  /** @example "6d1f3c2e-4b8a-4a7e-9f0d-1c2b3a4d5e6f" */
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** @example "Website booking widget" */
  @ApiProperty({ maxLength: 100 })
  name!: string;
  /** The key's first characters, to tell keys apart. @example "ck_Xq3v9Lm" */
  @ApiProperty({ maxLength: 10 })
  prefix!: string;
  @ApiProperty({ enum: SCOPES, enumName: 'Scope', isArray: true, example: ['bookings:write'], maxItems: SCOPES.length })
  scopes!: Scope[];
  createdAt!: Date;
}

/** The answer to creating a key: the only time the key is shown. */
export class CreatedApiKeyResponse extends ApiKeyResponse {
  /** Store it now: the clinic keeps only its SHA-256. @example "ck_Xq3v9LmT0aZ5b8YwQeR2uN4pK7sJ1cV6dF3gH8jL0mA" */
  @ApiProperty({ maxLength: 100 })
  key!: string;
}

/** The calling integration's own key. */
export class CurrentApiKeyResponse {
  /** @example "6d1f3c2e-4b8a-4a7e-9f0d-1c2b3a4d5e6f" */
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** @example "Website booking widget" */
  @ApiProperty({ maxLength: 100 })
  name!: string;
  @ApiProperty({ enum: SCOPES, enumName: 'Scope', isArray: true, example: ['bookings:write'], maxItems: SCOPES.length })
  scopes!: Scope[];
}
