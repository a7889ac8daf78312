import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiRecordErrors } from '../common/http/api-responses';
import { ApiPage, Page } from '../common/pagination/pagination';
import { ConfirmRepairDto } from './dto/confirm-repair.dto';
import { CreateRepairAttemptDto } from './dto/create-repair-attempt.dto';
import { CreateRuptureDto } from './dto/create-rupture.dto';
import { ListRupturesQuery } from './dto/list-ruptures.query';
import { RecognizeRuptureDto } from './dto/recognize-rupture.dto';
import { RepairSummaryResponse } from './dto/repair-summary.response';
import { RuptureDetailResponse, RuptureResponse } from './dto/rupture.response';
import { RupturesService } from './ruptures.service';
import { IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Idempotent, IdempotencyKey } from '../common/idempotency/idempotent.decorators';
import { UuidParam } from '../common/validation/uuid-param.pipe';

// Admins may call these routes but reach no rupture (404): they see counts in reports, not records.

/** A couple's ruptures and its repair figures. */
@ApiTags('ruptures')
@Controller('couples')
export class CoupleRupturesController {
  constructor(private readonly ruptures: RupturesService) {}

  @Get(':id/ruptures')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'List a couple’s ruptures, latest first; filter by stage, theme, severity and when they occurred' })
  @ApiPage(RuptureResponse)
  @ApiRecordErrors('couple')
  list(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Query() query: ListRupturesQuery): Promise<Page<RuptureResponse>> {
    return this.ruptures.list(actor, id, query);
  }

  @Idempotent()
  @Post(':id/ruptures')
  @Roles('admin', 'therapist', 'client')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Record a rupture, small ones too; the caller is its reporter, and shared themes link it as a recurrence' })
  @ApiCreatedResponse({ type: RuptureDetailResponse })
  @ApiRecordErrors('couple', { unprocessable: true })
  create(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: CreateRuptureDto, @IdempotencyKey() idempotent: IdempotentRequest | undefined): Promise<IdempotentAnswer<RuptureDetailResponse>> {
    return this.ruptures.create(actor, id, body, idempotent);
  }

  @Get(':id/repair-summary')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'Open ruptures by stage and age, repair rate, median times, recurring themes and a monthly series' })
  @ApiOkResponse({ type: RepairSummaryResponse })
  @ApiRecordErrors('couple')
  summary(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<RepairSummaryResponse> {
    return this.ruptures.summary(actor, id);
  }
}

/** One rupture and its repair: recognition, attempts, and each partner's own confirmation. */
@ApiTags('ruptures')
@Controller('ruptures')
export class RupturesController {
  constructor(private readonly ruptures: RupturesService) {}

  @Get(':id')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'One rupture with its timeline: recognitions, attempts with their confirmations, transitions' })
  @ApiOkResponse({ type: RuptureDetailResponse })
  @ApiRecordErrors('rupture')
  get(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<RuptureDetailResponse> {
    return this.ruptures.get(actor, id);
  }

  @Post(':id/recognition')
  @Roles('admin', 'therapist', 'client')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Acknowledge the rupture (each partner and the therapist once); the first moves it to recognized' })
  @ApiCreatedResponse({ type: RuptureDetailResponse })
  @ApiRecordErrors('rupture', { conflict: true })
  recognize(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: RecognizeRuptureDto): Promise<RuptureDetailResponse> {
    return this.ruptures.recognize(actor, id, body);
  }

  @Idempotent()
  @Post(':id/repair-attempts')
  @Roles('admin', 'therapist', 'client')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Record a move toward the other partner (after recognition; one open attempt at a time)' })
  @ApiCreatedResponse({ type: RuptureDetailResponse })
  @ApiRecordErrors('rupture', { conflict: true, unprocessable: true })
  startAttempt(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: CreateRepairAttemptDto, @IdempotencyKey() idempotent: IdempotentRequest | undefined): Promise<IdempotentAnswer<RuptureDetailResponse>> {
    return this.ruptures.startAttempt(actor, id, body, idempotent);
  }

  @Idempotent()
  @Post(':id/repair-attempts/:attemptId/confirmations')
  @Roles('admin', 'therapist', 'client')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Say, for yourself only, whether you feel repaired; completed when both partners say yes on one attempt' })
  @ApiCreatedResponse({ type: RuptureDetailResponse })
  @ApiRecordErrors('rupture or repair attempt', { conflict: true })
  confirm(
    @CurrentActor() actor: UserActor,
    @Param('id', UuidParam) id: string,
    @Param('attemptId', UuidParam) attemptId: string,
    @Body() body: ConfirmRepairDto,
    @IdempotencyKey() idempotent: IdempotentRequest | undefined,
  ): Promise<IdempotentAnswer<RuptureDetailResponse>> {
    return this.ruptures.confirm(actor, id, attemptId, body, idempotent);
  }
}
