import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiRecordErrors } from '../common/http/api-responses';
import { ApiPage, Page } from '../common/pagination/pagination';
import { CouplesService } from './couples.service';
import { CreateCoupleDto, UpdateCoupleDto } from './dto/create-couple.dto';
import { CoupleRecordExportResponse, CoupleResponse } from './dto/couple.response';
import { ListCouplesQuery } from './dto/list-couples.query';
import { IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Idempotent, IdempotencyKey } from '../common/idempotency/idempotent.decorators';
import { UuidParam } from '../common/validation/uuid-param.pipe';

@ApiTags('couples')
@Controller('couples')
export class CouplesController {
  constructor(private readonly couples: CouplesService) {}

  @Get()
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'List couples: a therapist’s own, all for admins, their own for a partner' })
  @ApiPage(CoupleResponse)
  list(@CurrentActor() actor: UserActor, @Query() query: ListCouplesQuery): Promise<Page<CoupleResponse>> {
    return this.couples.list(actor, query);
  }

  @Idempotent()
  @Post()
  @Roles('admin', 'therapist')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Form a couple of two clients (each in at most one active couple)' })
  @ApiCreatedResponse({ type: CoupleResponse })
  @ApiRecordErrors('client', { conflict: true, unprocessable: true })
  create(@CurrentActor() actor: UserActor, @Body() body: CreateCoupleDto, @IdempotencyKey() idempotent: IdempotentRequest | undefined): Promise<IdempotentAnswer<CoupleResponse>> {
    return this.couples.create(actor, body, idempotent);
  }

  @Get(':id')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'One couple, with its partners’ names only' })
  @ApiOkResponse({ type: CoupleResponse })
  @ApiRecordErrors('couple')
  get(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<CoupleResponse> {
    return this.couples.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin', 'therapist')
  @ApiOperation({ summary: 'Pause, end or resume a couple; admins may change its therapist' })
  @ApiOkResponse({ type: CoupleResponse })
  @ApiRecordErrors('couple', { conflict: true, unprocessable: true })
  update(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: UpdateCoupleDto): Promise<CoupleResponse> {
    return this.couples.update(actor, id, body);
  }

  @Get(':id/record-export')
  @Roles('admin', 'therapist')
  @ApiOperation({ summary: 'Release the joint record (needs both partners’ joint_record_release consent)' })
  @ApiOkResponse({ type: CoupleRecordExportResponse })
  @ApiRecordErrors('couple', { conflict: true })
  exportRecord(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<CoupleRecordExportResponse> {
    return this.couples.exportRecord(actor, id);
  }
}
