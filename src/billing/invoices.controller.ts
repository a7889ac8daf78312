import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiRecordErrors } from '../common/http/api-responses';
import { IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Idempotent, IdempotencyKey } from '../common/idempotency/idempotent.decorators';
import { ApiPage, Page } from '../common/pagination/pagination';
import {
  CreateCreditNoteDto,
  CreateInvoicesDto,
  CreditNoteResponse,
  InvoiceResponse,
  InvoiceSummaryResponse,
  IssuedInvoicesResponse,
  ListInvoicesQuery,
  VoidInvoiceDto,
} from './dto/invoice.dto';
import { InvoicesService } from './invoices.service';
import { UuidParam } from '../common/validation/uuid-param.pipe';

@ApiTags('billing')
@Controller('invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Idempotent()
  @Post()
  @Roles('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Issue invoices for sessions or a period, one per payer' })
  @ApiCreatedResponse({ type: IssuedInvoicesResponse })
  @ApiRecordErrors('session', { conflict: true, unprocessable: true })
  issue(@CurrentActor() actor: UserActor, @Body() body: CreateInvoicesDto, @IdempotencyKey() idempotent: IdempotentRequest | undefined): Promise<IdempotentAnswer<IssuedInvoicesResponse>> {
    return this.invoices.issue(actor, body, idempotent);
  }

  @Get()
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'List invoices: all for admins, a therapist’s caseload’s, a client’s own' })
  @ApiPage(InvoiceSummaryResponse)
  list(@CurrentActor() actor: UserActor, @Query() query: ListInvoicesQuery): Promise<Page<InvoiceSummaryResponse>> {
    return this.invoices.list(actor, query);
  }

  @Get(':id')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'One invoice with its lines, credit notes and what is paid' })
  @ApiOkResponse({ type: InvoiceResponse })
  @ApiRecordErrors('invoice')
  get(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<InvoiceResponse> {
    return this.invoices.get(actor, id);
  }

  @Post(':id/void')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Void an invoice with nothing paid or credited; it keeps its number' })
  @ApiOkResponse({ type: InvoiceResponse })
  @ApiRecordErrors('invoice', { conflict: true })
  void(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: VoidInvoiceDto): Promise<InvoiceResponse> {
    return this.invoices.void(actor, id, body);
  }

  @Idempotent()
  @Post(':id/credit-notes')
  @Roles('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Correct an issued invoice with a credit note' })
  @ApiCreatedResponse({ type: CreditNoteResponse })
  @ApiRecordErrors('invoice', { conflict: true, unprocessable: true })
  credit(
    @CurrentActor() actor: UserActor,
    @Param('id', UuidParam) id: string,
    @Body() body: CreateCreditNoteDto,
    @IdempotencyKey() idempotent: IdempotentRequest | undefined,
  ): Promise<IdempotentAnswer<CreditNoteResponse>> {
    return this.invoices.credit(actor, id, body, idempotent);
  }
}
