import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiRecordErrors } from '../common/http/api-responses';
import { IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Idempotent, IdempotencyKey } from '../common/idempotency/idempotent.decorators';
import { ApiPage, Page, PageQuery } from '../common/pagination/pagination';
import { AnswerOutcomeDto } from './dto/answer-outcome.dto';
import { AssignOutcomeDto, UpdateOutcomeAssignmentDto } from './dto/assign-outcome.dto';
import { InstrumentResponse, OutcomeAssignmentResponse, OutcomeResultResponse } from './dto/outcome.response';
import { INSTRUMENT_CODES } from './instruments';
import { OutcomesService } from './outcomes.service';
import { UuidParam } from '../common/validation/uuid-param.pipe';

/** The questionnaires the clinic uses, as the portal shows them. */
@ApiTags('outcomes')
@Controller('outcome-instruments')
export class OutcomeInstrumentsController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Get()
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'The outcome questionnaires (CSI-4, CSI-16): items, options in printed order, scoring and cutoff' })
  @ApiExtraModels(InstrumentResponse)
  @ApiOkResponse({ schema: { type: 'array', maxItems: INSTRUMENT_CODES.length, items: { $ref: getSchemaPath(InstrumentResponse) } } })
  list(): InstrumentResponse[] {
    return this.outcomes.instruments();
  }
}

/** A couple's questionnaires and the partners' scored answers. */
@ApiTags('outcomes')
@Controller('couples')
export class CoupleOutcomesController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Idempotent()
  @Post(':id/outcome-assignments')
  @Roles('admin', 'therapist')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Assign a questionnaire to both partners: once at intake, or again every N sessions or weeks; each partner is told it waits' })
  @ApiCreatedResponse({ type: OutcomeAssignmentResponse })
  @ApiRecordErrors('couple')
  assign(
    @CurrentActor() actor: UserActor,
    @Param('id', UuidParam) id: string,
    @Body() body: AssignOutcomeDto,
    @IdempotencyKey() idempotent: IdempotentRequest | undefined,
  ): Promise<IdempotentAnswer<OutcomeAssignmentResponse>> {
    return this.outcomes.assign(actor, id, body, idempotent);
  }

  @Get(':id/outcome-assignments')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'The couple’s questionnaires, newest first; for a partner, whether one waits for their answer' })
  @ApiPage(OutcomeAssignmentResponse)
  @ApiRecordErrors('couple')
  list(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Query() query: PageQuery): Promise<Page<OutcomeAssignmentResponse>> {
    return this.outcomes.list(actor, id, query);
  }

  @Get(':id/outcome-responses')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'Scored responses, newest first: the therapist sees both partners’ answers; a partner their own, and the other’s totals only when shared' })
  @ApiPage(OutcomeResultResponse)
  @ApiRecordErrors('couple')
  responses(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Query() query: PageQuery): Promise<Page<OutcomeResultResponse>> {
    return this.outcomes.responses(actor, id, query);
  }
}

/** One assignment: its sharing rule and the partners' answers to it. */
@ApiTags('outcomes')
@Controller('outcome-assignments')
export class OutcomeAssignmentsController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Patch(':id')
  @Roles('admin', 'therapist')
  @ApiOperation({ summary: 'Choose whether each partner sees the other’s totals (never their item answers)' })
  @ApiOkResponse({ type: OutcomeAssignmentResponse })
  @ApiRecordErrors('outcome assignment')
  update(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: UpdateOutcomeAssignmentDto): Promise<OutcomeAssignmentResponse> {
    return this.outcomes.update(actor, id, body);
  }

  @Idempotent()
  @Post(':id/responses')
  @Roles('admin', 'therapist', 'client')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Answer for yourself (a partner only); the server scores. A correction names the response it corrects, which is kept' })
  @ApiCreatedResponse({ type: OutcomeResultResponse })
  @ApiRecordErrors('outcome assignment', { conflict: true, unprocessable: true })
  answer(
    @CurrentActor() actor: UserActor,
    @Param('id', UuidParam) id: string,
    @Body() body: AnswerOutcomeDto,
    @IdempotencyKey() idempotent: IdempotentRequest | undefined,
  ): Promise<IdempotentAnswer<OutcomeResultResponse>> {
    return this.outcomes.answer(actor, id, body, idempotent);
  }
}

@ApiTags('outcomes')
@Controller('outcome-responses')
export class OutcomeResponsesController {
  constructor(private readonly outcomes: OutcomesService) {}

  @Get(':id')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'One response with its item answers: the couple’s therapist and the partner who gave it only' })
  @ApiOkResponse({ type: OutcomeResultResponse })
  @ApiRecordErrors('outcome response')
  get(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<OutcomeResultResponse> {
    return this.outcomes.response(actor, id);
  }
}
