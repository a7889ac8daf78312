import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IsCalendarDate } from '../../common/time/instant';

export const RECEIPT_FORMATS = ['json', 'pdf'] as const;
export type ReceiptFormat = (typeof RECEIPT_FORMATS)[number];

/** How a receipt is answered: JSON, or a PDF with `format=pdf` or `Accept: application/pdf`. */
export class ReceiptFormatQuery {
  /** `pdf` answers the PDF (as does `Accept: application/pdf`); `json` forces JSON. */
  @ApiPropertyOptional({ enum: RECEIPT_FORMATS, enumName: 'ReceiptFormat' })
  @IsOptional()
  @IsIn(RECEIPT_FORMATS)
  format?: ReceiptFormat;
}

/** A receipt for the services of a period `[from, to)` (service dates), at most a year. */
export class PeriodReceiptQuery extends ReceiptFormatQuery {
  @ApiProperty({ format: 'date', example: '2026-03-01', maxLength: 10, description: 'First service date covered' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({ format: 'date', example: '2026-04-01', maxLength: 10, description: 'The day after the last service date covered: after from, at most a year later' })
  @IsCalendarDate()
  to!: string;
}
