import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiRecordErrors } from '../common/http/api-responses';
import { IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Idempotent, IdempotencyKey } from '../common/idempotency/idempotent.decorators';
import { ApiPage, Page } from '../common/pagination/pagination';
import { BalanceResponse, ListPaymentsQuery, PaymentResponse, RecordPaymentDto } from './dto/payment.dto';
import { PaymentsService } from './payments.service';
import { UuidParam } from '../common/validation/uuid-param.pipe';

@ApiTags('billing')
@Controller('payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Idempotent()
  @Post()
  @Roles('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Record a payment; it goes to the payer’s oldest open invoices, the rest is credit' })
  @ApiCreatedResponse({ type: PaymentResponse })
  @ApiRecordErrors('client', { conflict: true, unprocessable: true })
  record(@CurrentActor() actor: UserActor, @Body() body: RecordPaymentDto, @IdempotencyKey() idempotent: IdempotentRequest | undefined): Promise<IdempotentAnswer<PaymentResponse>> {
    return this.payments.record(actor, body, idempotent);
  }

  @Get()
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'List payments: all for admins, a therapist’s caseload’s, a client’s own' })
  @ApiPage(PaymentResponse)
  list(@CurrentActor() actor: UserActor, @Query() query: ListPaymentsQuery): Promise<Page<PaymentResponse>> {
    return this.payments.list(actor, query);
  }

  @Get(':id')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'One payment with where it was applied' })
  @ApiOkResponse({ type: PaymentResponse })
  @ApiRecordErrors('payment')
  get(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<PaymentResponse> {
    return this.payments.get(actor, id);
  }
}

@ApiTags('billing')
@Controller('clients')
export class BalancesController {
  constructor(private readonly payments: PaymentsService) {}

  @Get(':id/balance')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'What a client owes on their invoices, and the credit they hold' })
  @ApiOkResponse({ type: BalanceResponse })
  @ApiRecordErrors('client')
  get(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<BalanceResponse> {
    return this.payments.balance(actor, id);
  }
}
