import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiRecordErrors } from '../common/http/api-responses';
import { ConsentsService } from './consents.service';
import { RecordConsentDto } from './dto/consent.dto';
import { ConsentEntryResponse, ConsentLedgerResponse } from './dto/consent.response';
import { IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Idempotent, IdempotencyKey } from '../common/idempotency/idempotent.decorators';
import { UuidParam } from '../common/validation/uuid-param.pipe';

@ApiTags('consents')
@Controller('clients/:id/consents')
@Roles('admin', 'therapist', 'client')
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @Get()
  @ApiOperation({ summary: 'The client’s consent ledger and the current state per purpose' })
  @ApiOkResponse({ type: ConsentLedgerResponse })
  @ApiRecordErrors('client')
  ledger(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<ConsentLedgerResponse> {
    return this.consents.ledger(actor, id);
  }

  @Idempotent()
  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Record a grant or a withdrawal (a new ledger entry; nothing is overwritten)' })
  @ApiCreatedResponse({ type: ConsentEntryResponse })
  @ApiRecordErrors('client', { conflict: true })
  record(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: RecordConsentDto, @IdempotencyKey() idempotent: IdempotentRequest | undefined): Promise<IdempotentAnswer<ConsentEntryResponse>> {
    return this.consents.record(actor, id, body, idempotent);
  }
}
