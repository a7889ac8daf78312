import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/time/instant';
import { COUPLE_BILLING_PAYERS, COUPLE_STATUSES, CoupleBillingPayer, CoupleStatus } from '../couple.entity';

export class CreateCoupleDto {
  /** @example "8d3f1c2a-5b6e-4f70-9a81-2c3d4e5f6a7b" */
  @IsUUID()
  partnerAId!: string;

  /** @example "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d" */
  @IsUUID()
  partnerBId!: string;

  /** Defaults to the calling therapist; admins must name one. */
  @IsOptional()
  @IsUUID()
  therapistId?: string;

  @ApiPropertyOptional({ format: 'date', example: '2026-11-02', description: 'Defaults to today' })
  @IsOptional()
  @IsCalendarDate()
  startedOn?: string;
}

export class UpdateCoupleDto {
  @ApiPropertyOptional({ enum: COUPLE_STATUSES, enumName: 'CoupleStatus' })
  @IsOptional()
  @IsIn(COUPLE_STATUSES)
  status?: CoupleStatus;

  @ApiPropertyOptional({ format: 'date', example: '2027-03-30', description: 'Set when the couple ends; defaults to today' })
  @IsOptional()
  @IsCalendarDate()
  endedOn?: string;

  /** Admins only: hand the couple to another therapist. */
  @IsOptional()
  @IsUUID()
  therapistId?: string;

  @ApiPropertyOptional({
    enum: COUPLE_BILLING_PAYERS,
    enumName: 'CoupleBillingPayer',
    description: 'The billing arrangement: one partner pays for the couple’s sessions, or both by `partnerAShareBasisPoints` (docs/billing.md)',
  })
  @IsOptional()
  @IsIn(COUPLE_BILLING_PAYERS)
  billingPayer?: CoupleBillingPayer;

  /** With `billingPayer: split`: partner A's share of each fee in basis points (5000 = half); partner B pays the rest. @example 5000 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(9999)
  partnerAShareBasisPoints?: number;
}
