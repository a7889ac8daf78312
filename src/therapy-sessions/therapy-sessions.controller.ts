import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiRecordErrors } from '../common/http/api-responses';
import { ApiPage, Page } from '../common/pagination/pagination';
import { CreateTherapySessionDto, UpdateTherapySessionDto } from './dto/create-therapy-session.dto';
import { ListTherapySessionsQuery } from './dto/list-therapy-sessions.query';
import { CancelSessionDto, CompleteSessionDto } from './dto/session-outcome.dto';
import { ScheduledSessionsResponse, TherapySessionResponse } from './dto/therapy-session.response';
import { TherapySessionsService } from './therapy-sessions.service';
import { IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Idempotent, IdempotencyKey } from '../common/idempotency/idempotent.decorators';
import { UuidParam } from '../common/validation/uuid-param.pipe';

@ApiTags('sessions')
@Controller('sessions')
export class TherapySessionsController {
  constructor(private readonly sessions: TherapySessionsService) {}

  @Get()
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'List sessions in start order: a therapist’s own, all for admins, those a client takes part in' })
  @ApiPage(TherapySessionResponse)
  list(@CurrentActor() actor: UserActor, @Query() query: ListTherapySessionsQuery): Promise<Page<TherapySessionResponse>> {
    return this.sessions.list(actor, query);
  }

  @Idempotent()
  @Post()
  @Roles('admin', 'therapist')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Book a session, or a weekly/biweekly series (all occurrences or none; 409 lists the conflicting times)' })
  @ApiCreatedResponse({ type: ScheduledSessionsResponse })
  @ApiRecordErrors('session', { conflict: true, unprocessable: true })
  create(@CurrentActor() actor: UserActor, @Body() body: CreateTherapySessionDto, @IdempotencyKey() idempotent: IdempotentRequest | undefined): Promise<IdempotentAnswer<ScheduledSessionsResponse>> {
    return this.sessions.create(actor, body, idempotent);
  }

  @Get(':id')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'One session (never its notes)' })
  @ApiOkResponse({ type: TherapySessionResponse })
  @ApiRecordErrors('session')
  get(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<TherapySessionResponse> {
    return this.sessions.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin', 'therapist')
  @ApiOperation({ summary: 'Move a scheduled session or change its modality, place or link' })
  @ApiOkResponse({ type: TherapySessionResponse })
  @ApiRecordErrors('session', { conflict: true })
  update(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: UpdateTherapySessionDto): Promise<TherapySessionResponse> {
    return this.sessions.update(actor, id, body);
  }

  @Post(':id/complete')
  @Roles('admin', 'therapist')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark a session that has started as completed, with who attended' })
  @ApiOkResponse({ type: TherapySessionResponse })
  @ApiRecordErrors('session', { conflict: true, unprocessable: true })
  complete(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: CompleteSessionDto): Promise<TherapySessionResponse> {
    return this.sessions.complete(actor, id, body);
  }

  @Post(':id/cancel')
  @Roles('admin', 'therapist')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel a scheduled session and free its time; flagged when inside the late-cancellation window' })
  @ApiOkResponse({ type: TherapySessionResponse })
  @ApiRecordErrors('session', { conflict: true })
  cancel(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: CancelSessionDto): Promise<TherapySessionResponse> {
    return this.sessions.cancel(actor, id, body);
  }

  @Post(':id/no-show')
  @Roles('admin', 'therapist')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Record that nobody came to a session that has started' })
  @ApiOkResponse({ type: TherapySessionResponse })
  @ApiRecordErrors('session', { conflict: true })
  noShow(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<TherapySessionResponse> {
    return this.sessions.noShow(actor, id);
  }
}
