import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiRecordErrors } from '../common/http/api-responses';
import { IdempotentAnswer, IdempotentRequest } from '../common/idempotency/idempotency';
import { Idempotent, IdempotencyKey } from '../common/idempotency/idempotent.decorators';
import { ApiPage, Page } from '../common/pagination/pagination';
import { CreateServicePriceDto, CreateServiceTypeDto, ListFeeScheduleQuery, ServiceTypeResponse, UpdateServiceTypeDto } from './dto/fee-schedule.dto';
import { FeeScheduleService } from './fee-schedule.service';
import { UuidParam } from '../common/validation/uuid-param.pipe';

@ApiTags('billing')
@Controller('fee-schedule')
export class FeeScheduleController {
  constructor(private readonly feeSchedule: FeeScheduleService) {}

  @Get()
  @Roles('admin', 'therapist')
  @ApiOperation({ summary: 'The fee schedule: service types with their prices' })
  @ApiPage(ServiceTypeResponse)
  list(@Query() query: ListFeeScheduleQuery): Promise<Page<ServiceTypeResponse>> {
    return this.feeSchedule.list(query);
  }

  @Idempotent()
  @Post()
  @Roles('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Add a service type with its first price' })
  @ApiCreatedResponse({ type: ServiceTypeResponse })
  @ApiRecordErrors('service type', { conflict: true })
  create(@CurrentActor() actor: UserActor, @Body() body: CreateServiceTypeDto, @IdempotencyKey() idempotent: IdempotentRequest | undefined): Promise<IdempotentAnswer<ServiceTypeResponse>> {
    return this.feeSchedule.create(actor, body, idempotent);
  }

  @Get(':id')
  @Roles('admin', 'therapist')
  @ApiOperation({ summary: 'One service type with its prices' })
  @ApiOkResponse({ type: ServiceTypeResponse })
  @ApiRecordErrors('service type')
  get(@Param('id', UuidParam) id: string): Promise<ServiceTypeResponse> {
    return this.feeSchedule.get(id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Retire a service type, or bring it back' })
  @ApiOkResponse({ type: ServiceTypeResponse })
  @ApiRecordErrors('service type')
  update(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Body() body: UpdateServiceTypeDto): Promise<ServiceTypeResponse> {
    return this.feeSchedule.update(actor, id, body);
  }

  @Idempotent()
  @Post(':id/prices')
  @Roles('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Set a new price from a date on' })
  @ApiCreatedResponse({ type: ServiceTypeResponse })
  @ApiRecordErrors('service type', { conflict: true })
  addPrice(
    @CurrentActor() actor: UserActor,
    @Param('id', UuidParam) id: string,
    @Body() body: CreateServicePriceDto,
    @IdempotencyKey() idempotent: IdempotentRequest | undefined,
  ): Promise<IdempotentAnswer<ServiceTypeResponse>> {
    return this.feeSchedule.addPrice(actor, id, body, idempotent);
  }
}
