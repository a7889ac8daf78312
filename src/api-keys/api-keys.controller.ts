import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, Scopes } from '../common/auth/decorators';
import { Actor, UserActor } from '../common/auth/roles';
import { ApiPage, Page, PageQuery } from '../common/pagination/pagination';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyResponse, CreatedApiKeyResponse, CurrentApiKeyResponse } from './dto/api-key.response';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { UuidParam } from '../common/validation/uuid-param.pipe';

const problem = { $ref: '#/components/schemas/ProblemDetails' };

@ApiTags('api-keys')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Roles('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create an integration key', description: 'The key is in this answer only; the clinic keeps its SHA-256.' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponse })
  create(@CurrentActor() actor: UserActor, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    return this.keys.create(actor, body);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'List the keys that work, newest first (never the keys themselves)' })
  @ApiPage(ApiKeyResponse)
  list(@CurrentActor() actor: UserActor, @Query() query: PageQuery): Promise<Page<ApiKeyResponse>> {
    return this.keys.list(actor, query);
  }

  @Get('current')
  @Scopes('bookings:write', 'reports:read')
  @ApiOperation({ summary: 'The calling integration key', description: 'Lets an integration check that its key works and which scopes it holds.' })
  @ApiOkResponse({ type: CurrentApiKeyResponse })
  current(@CurrentActor() actor: Actor): Promise<CurrentApiKeyResponse> {
    return this.keys.current(actor);
  }

  @Delete(':id')
  @Roles('admin')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Revoke a key; it stops working at once' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiNotFoundResponse({ description: 'No working key with this id', schema: problem })
  revoke(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string): Promise<void> {
    return this.keys.revoke(actor, id);
  }
}
