import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiPage, Page, PageQuery } from '../common/pagination/pagination';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { CreatedWebhookResponse, WebhookResponse } from './dto/webhook.response';
import { WebhooksService } from './webhooks.service';
import { UuidParam } from '../common/validation/uuid-param.pipe';

const problem = { $ref: '#/components/schemas/ProblemDetails' };

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Roles('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Register a webhook',
    description: 'Connection-call and session events are POSTed to the URL, signed in X-Clinic-Signature (each call is described under x-webhooks). The signing secret is in this answer only.',
  })
  @ApiCreatedResponse({ type: CreatedWebhookResponse })
  @ApiBadRequestResponse({ description: 'Not an https URL, or an unknown event', schema: problem })
  create(@CurrentActor() actor: UserActor, @Body() body: CreateWebhookDto): Promise<CreatedWebhookResponse> {
    return this.webhooks.create(actor, body);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List the live webhooks, newest first (never their secrets)' })
  @ApiPage(WebhookResponse)
  list(@CurrentActor() actor: UserActor, @Query() query: PageQuery): Promise<Page<WebhookResponse>> {
    return this.webhooks.list(actor, query);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a webhook; no delivery to it starts after this answer' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No live webhook with this id', schema: problem })
  remove(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<void> {
    return this.webhooks.remove(actor, id);
  }
}
