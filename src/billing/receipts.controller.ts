import { applyDecorators, Controller, Get, Headers, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiProblems } from '../common/http/api-responses';
import { PeriodReceiptQuery, ReceiptFormatQuery } from './dto/receipt.query';
import { ReceiptResponse } from './dto/receipt.response';
import { ReceiptsService } from './receipts.service';
import { UuidParam } from '../common/validation/uuid-param.pipe';

/** JSON by default; the PDF with `Accept: application/pdf` or `?format=pdf`. */
const ReceiptAnswer = (resource: string) =>
  applyDecorators(
    ApiExtraModels(ReceiptResponse),
    ApiProduces('application/json', 'application/pdf'),
    ApiOkResponse({
      description: 'The receipt as JSON, or as a PDF attachment (`Accept: application/pdf` or `?format=pdf`)',
      content: {
        'application/json': { schema: { $ref: getSchemaPath(ReceiptResponse) } },
        'application/pdf': { schema: { type: 'string', format: 'binary' } },
      },
      headers: { 'Content-Disposition': { description: 'PDF only: attachment; filename="receipt-….pdf"', schema: { type: 'string', maxLength: 200 } } },
    }),
    ApiProblems({
      400: 'Malformed id or query',
      404: `No such ${resource} within your reach`,
      409: 'A therapist on the receipt has no CRPO registration number on their profile (`therapist-registration-missing`)',
    }),
  );

@ApiTags('billing')
@Controller()
export class ReceiptsController {
  constructor(private readonly receipts: ReceiptsService) {}

  @Get('payments/:id/receipt')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'The receipt of one payment, for an insurance claim: services, therapists with their CRPO numbers, amounts paid' })
  @ReceiptAnswer('payment')
  ofPayment(
    @CurrentActor() actor: UserActor,
    @Param('id', UuidParam) id: string,
    @Query() query: ReceiptFormatQuery,
    @Headers('accept') accept?: string,
  ): Promise<ReceiptResponse | StreamableFile> {
    return this.receipts.ofPayment(actor, id, query.format, accept);
  }

  @Get('clients/:id/receipt')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'The receipt of what a client paid for the services of a period, for an insurance claim' })
  @ReceiptAnswer('client')
  ofPeriod(
    @CurrentActor() actor: UserActor,
    @Param('id', UuidParam) id: string,
    @Query() query: PeriodReceiptQuery,
    @Headers('accept') accept?: string,
  ): Promise<ReceiptResponse | StreamableFile> {
    return this.receipts.ofPeriod(actor, id, query, accept);
  }
}
