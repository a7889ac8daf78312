import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../common/auth/decorators';
import { UserActor } from '../common/auth/roles';
import { ApiRecordErrors } from '../common/http/api-responses';
import { ApiPage, Page, PageQuery } from '../common/pagination/pagination';
import { AuditService } from './audit.service';
import { ListAuditEventsQuery } from './dto/audit.dto';
import { AccessLogEntryResponse, AuditEventResponse, AuditVerificationResponse } from './dto/audit.response';
import { UuidParam } from '../common/validation/uuid-param.pipe';

@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('audit-events')
  @Roles('admin')
  @ApiOperation({ summary: 'Audit events, newest first, by client, actor, action and time' })
  @ApiPage(AuditEventResponse)
  list(@CurrentActor() actor: UserActor, @Query() query: ListAuditEventsQuery): Promise<Page<AuditEventResponse>> {
    return this.audit.list(actor, query);
  }

  @Get('audit-events/verify')
  @Roles('admin')
  @ApiOperation({ summary: 'Recompute the sealed hash chain, report the first broken event and how far sealing lags' })
  @ApiOkResponse({ type: AuditVerificationResponse })
  verify(@CurrentActor() actor: UserActor): Promise<AuditVerificationResponse> {
    return this.audit.verify(actor);
  }

  @Get('clients/:id/access-log')
  @Roles('admin', 'therapist', 'client')
  @ApiOperation({ summary: 'Who accessed this client’s record, newest first' })
  @ApiPage(AccessLogEntryResponse)
  @ApiRecordErrors('client')
  accessLog(@CurrentActor() actor: UserActor, @Param('id', UuidParam) id: string, @Query() query: PageQuery): Promise<Page<AccessLogEntryResponse>> {
    return this.audit.accessLog(actor, id, query);
  }
}
