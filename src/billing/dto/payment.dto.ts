import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { PageQuery } from '../../common/pagination/pagination';
import { INSTANT_MAX_LENGTH, IsInstant } from '../../common/time/instant';
import { PAYMENT_METHODS, PaymentMethod } from '../payment.entities';
import { MAX_CENTS } from './fee-schedule.dto';

export class RecordPaymentDto {
  /** The client who pays (or for whom an insurer pays). */
  @IsUUID()
  payerClientId!: string;

  @ApiProperty({ enum: PAYMENT_METHODS, enumName: 'PaymentMethod', description: 'Cards are taken on an external terminal; no card number is ever sent or stored' })
  @IsIn(PAYMENT_METHODS)
  method!: PaymentMethod;

  /** CAD cents, a whole positive number. @example 17500 */
  @IsInt()
  @Min(1)
  @Max(MAX_CENTS)
  amountCents!: number;

  @ApiProperty({ format: 'date-time', maxLength: INSTANT_MAX_LENGTH, example: '2026-11-05T10:15:00-05:00' })
  @IsInstant()
  receivedAt!: string;

  /** An e-transfer reference, a terminal authorisation code or an insurer claim number; never a card number. @example "CA1xYz7Q" */
  @IsOptional()
  @IsString()
  @Length(1, 100)
  @Matches(/^(?!.*\d[\d -]{10,}\d)/, { message: 'reference must not hold a run of 12 or more digits (never a card number)' })
  reference?: string;
}

export class ListPaymentsQuery extends PageQuery {
  /** Payments of this payer. */
  @IsOptional()
  @IsUUID()
  clientId?: string;
}

export class PaymentAllocationResponse {
  @ApiProperty({ format: 'uuid' })
  invoiceId!: string;
  /** @example 1042 */
  invoiceNumber!: number;
  @ApiProperty({ format: 'uuid' })
  invoiceLineId!: string;
  /** Negative when a credit note gave this part back to the payer's credit. @example 8750 */
  amountCents!: number;
  allocatedAt!: Date;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  creditNoteId!: string | null;
}

export class PaymentResponse {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  payerClientId!: string;
  @ApiProperty({ enum: PAYMENT_METHODS, enumName: 'PaymentMethod' })
  method!: PaymentMethod;
  /** @example 17500 */
  amountCents!: number;
  receivedAt!: Date;
  @ApiProperty({ type: String, nullable: true, maxLength: 100, example: 'CA1xYz7Q' })
  reference!: string | null;
  recordedAt!: Date;
  /** Applied to invoice lines. @example 17500 */
  allocatedCents!: number;
  /** Held as the payer's credit, applied to their next invoice. @example 0 */
  unallocatedCents!: number;
  @ApiProperty({ type: [PaymentAllocationResponse], maxItems: 1000 })
  allocations!: PaymentAllocationResponse[];
}

export class BalanceResponse {
  @ApiProperty({ format: 'uuid' })
  clientId!: string;
  /** Still owed on the client's issued invoices. @example 8750 */
  owingCents!: number;
  /** Received and not applied: applied to the next invoice. @example 0 */
  creditCents!: number;
  /** owingCents − creditCents: positive owes the clinic, negative is in credit. @example 8750 */
  balanceCents!: number;
  /** Issued invoices not fully settled. @example 1 */
  openInvoices!: number;
}
