import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiRecordErrors } from '../common/http/api-responses';
import { ApiPage, Page } from '../common/pagination/pagination';
import { InvitationResponse } from '../auth/dto/invitation.response';
import { ClientsService } from './clients.service';
import { ClientResponse } from './dto/client.response';
import { CreateClientDto } from './dto/create-client.dto';
import { InviteClientDto } from './dto/invite-client.dto';
import { ListClientsQuery } from './dto/list-clients.query';
import { UpdateClientDto } from './dto/update-client.dto';
import { IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Idempotent, IdempotencyKey } from '../common/idempotency/idempotent.decorators';
import { UuidParam } from '../common/validation/uuid-param.pipe';

@ApiTags('clients')
@Controller('clients')
export class ClientsController {
  constructor(private readonly clients: ClientsService) {}

  @Get()
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'List clients: a therapist’s caseload, all for admins, oneself for a client' })
  @ApiPage(ClientResponse)
  list(@CurrentActor() actor: UserActor, @Query() query: ListClientsQuery): Promise<Page<ClientResponse>> {
    return this.clients.list(actor, query);
  }

  @Idempotent()
  @Post()
  @Roles('admin', 'therapist')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Add a client (to the calling therapist’s caseload)' })
  @ApiCreatedResponse({ type: ClientResponse })
  @ApiRecordErrors('therapist', { unprocessable: true })
  create(@CurrentActor() actor: UserActor, @Body() body: CreateClientDto, @IdempotencyKey() idempotent: IdempotentRequest | undefined): Promise<IdempotentAnswer<ClientResponse>> {
    return this.clients.create(actor, body, idempotent);
  }

  @Get(':id')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'One client record' })
  @ApiOkResponse({ type: ClientResponse })
  @ApiRecordErrors('client')
  get(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<ClientResponse> {
    return this.clients.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'Change a client record; a client may change only their own contact details; a purged record answers 409' })
  @ApiOkResponse({ type: ClientResponse })
  @ApiRecordErrors('client', { conflict: true, unprocessable: true })
  update(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: UpdateClientDto): Promise<ClientResponse> {
    return this.clients.update(actor, id, body);
  }

  @Post(':id/archive')
  @Roles('admin', 'therapist')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Archive: hide from default lists (nothing is deleted)' })
  @ApiOkResponse({ type: ClientResponse })
  @ApiRecordErrors('client', { conflict: true })
  archive(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<ClientResponse> {
    return this.clients.archive(actor, id);
  }

  @Post(':id/invitation')
  @Roles('admin', 'therapist')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Invite the client to the portal at the email on their record',
    description: 'The link goes only to that address (through the outbox) and expires; the answer never contains it. To invite another address, change the record\'s email first.',
  })
  @ApiBody({ type: InviteClientDto, required: false, description: 'None needed: the address is the one on the record, and any field is refused.' })
  @ApiCreatedResponse({ type: InvitationResponse })
  @ApiRecordErrors('client', { conflict: true, unprocessable: true })
  invite(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() _body: InviteClientDto): Promise<InvitationResponse> {
    return this.clients.invite(actor, id);
  }

  @Post(':id/purge')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Erase identifying details after the retention period (409 inside it)' })
  @ApiOkResponse({ type: ClientResponse })
  @ApiRecordErrors('client', { conflict: true })
  purge(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<ClientResponse> {
    return this.clients.purge(actor, id);
  }
}
