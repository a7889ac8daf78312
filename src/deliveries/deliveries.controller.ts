import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiProblems } from '../common/http/api-responses';
import { ApiPage, Page } from '../common/pagination/pagination';
import { DeliveriesService } from './deliveries.service';
import { DeliveryResponse, ListDeadLettersQuery } from './dto/delivery.dto';
import { UuidParam } from '../common/validation/uuid-param.pipe';

@ApiTags('deliveries')
@Controller('deliveries')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get('dead-letters')
  @Roles('admin')
  @ApiOperation({ summary: 'Deliveries that gave up (emails, webhook calls), the latest first; never a body, a name or a link' })
  @ApiPage(DeliveryResponse)
  deadLetters(@CurrentActor() actor: UserActor, @Query() query: ListDeadLettersQuery): Promise<Page<DeliveryResponse>> {
    return this.deliveries.deadLetters(actor, query);
  }

  @Post(':id/retry')
  @Roles('admin')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send a dead letter again: back to pending, due now, its attempts reset' })
  @ApiOkResponse({ type: DeliveryResponse })
  @ApiProblems(
    { 400: 'Malformed id', 404: 'No delivery with this id' },
    { 409: 'Not a dead letter, or it cannot be sent again (its private link was removed, or its webhook deleted)' },
  )
  retry(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<DeliveryResponse> {
    return this.deliveries.retry(actor, id);
  }
}
