import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min, ValidateIf } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { IsCalendarDate } from '../../common/time/instant';
import { SERVICE_KINDS, SERVICE_PARTIES, ServiceKind, ServiceParty, TAX_TREATMENTS, TaxTreatment } from '../fee-schedule.entities';

/** The largest amount the API takes, in cents: $100,000. */
export const MAX_CENTS = 10_000_000;

export class ListFeeScheduleQuery extends PageQuery {
  /** Include retired service types. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeRetired?: boolean;
}

export class CreateServicePriceDto {
  /** CAD cents before tax. @example 18000 */
  @IsInt()
  @Min(0)
  @Max(MAX_CENTS)
  unitPriceCents!: number;

  @ApiProperty({ format: 'date', example: '2027-01-01', description: 'The first service date the price applies to' })
  @IsCalendarDate()
  effectiveFrom!: string;
}

/** A service type with its first price (`unitPriceCents`, `effectiveFrom`). */
export class CreateServiceTypeDto extends CreateServicePriceDto {
  /** Stable name: lower-case letters, digits and underscores. @example "couple_120" */
  @Length(2, 40)
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: 'code must be 2–40 lower-case letters, digits or underscores, starting with a letter' })
  code!: string;

  /** As printed on invoices and receipts. @example "Couple psychotherapy intensive, 120 minutes" */
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: SERVICE_KINDS, enumName: 'ServiceKind' })
  @IsIn(SERVICE_KINDS)
  kind!: ServiceKind;

  @ApiPropertyOptional({ enum: SERVICE_PARTIES, enumName: 'ServiceParty', description: 'Required for a session' })
  @ValidateIf((o: CreateServiceTypeDto) => o.kind === 'session' || o.party !== undefined)
  @IsIn(SERVICE_PARTIES)
  party?: ServiceParty;

  /** Required for a session; sessions of exactly this length are billed with it. @example 120 */
  @ValidateIf((o: CreateServiceTypeDto) => o.kind === 'session' || o.durationMinutes !== undefined)
  @IsInt()
  @Min(1)
  @Max(240)
  durationMinutes?: number;

  @ApiProperty({ enum: TAX_TREATMENTS, enumName: 'TaxTreatment', description: '`exempt`: psychotherapy by a registered psychotherapist; `hst_13`: 13 % Ontario HST (e.g. a report solely for an insurer)' })
  @IsIn(TAX_TREATMENTS)
  taxTreatment!: TaxTreatment;
}

export class UpdateServiceTypeDto {
  /** Retire (false) or bring back (true) a service type; its prices and the invoices naming it stay. */
  @IsBoolean()
  active!: boolean;
}

export class ServicePriceResponse {
  @ApiProperty({ format: 'date', example: '2024-06-20' })
  effectiveFrom!: string;
  /** @example 17500 */
  unitPriceCents!: number;
}

export class ServiceTypeResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ maxLength: 40, example: 'couple_50' })
  code!: string;
  @ApiProperty({ maxLength: 200, example: 'Couple psychotherapy session, 50 minutes' })
  name!: string;
  @ApiProperty({ enum: SERVICE_KINDS, enumName: 'ServiceKind' })
  kind!: ServiceKind;
  @ApiProperty({ enum: SERVICE_PARTIES, enumName: 'ServiceParty', nullable: true })
  party!: ServiceParty | null;
  @ApiProperty({ type: Number, nullable: true, example: 50 })
  durationMinutes!: number | null;
  @ApiProperty({ enum: TAX_TREATMENTS, enumName: 'TaxTreatment' })
  taxTreatment!: TaxTreatment;
  active!: boolean;
  /** The price in force today, in cents before tax; null before the first price starts. */
  @ApiProperty({ type: Number, nullable: true, example: 17500 })
  currentPriceCents!: number | null;
  /** Every price, oldest first: each applies from its date until the next one's. */
  @ApiProperty({ type: [ServicePriceResponse], maxItems: 1000 })
  prices!: ServicePriceResponse[];
  createdAt!: Date;
}
