import { applyDecorators, Controller, Get, Headers, Query, StreamableFile } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentActor, Roles, Scopes } from '../common/auth/decorators';
import { Actor } from '../common/auth/roles';
import { ApiProblems } from '../common/http/api-responses';
import { ReceivablesAgingQuery } from './dto/billing-report.query';
import { ReceivablesAgingResponse, RevenueReportResponse } from './dto/billing-report.response';
import { RepairReportQuery, TherapistReportQuery } from './dto/report.query';
import { ConnectionCallReportResponse, OutcomeReportResponse, RepairReportResponse, SessionReportResponse } from './dto/report.response';
import { ReportsService } from './reports.service';

/** JSON by default; streamed CSV with `Accept: text/csv` or `?format=csv`. */
const ReportAnswer = (
  type: Function,
  csvExample: string,
  badRequest = 'from or to missing or malformed, to not after from, more than two years, or a bad groupBy/format',
) =>
  applyDecorators(
    ApiExtraModels(type),
    ApiProduces('application/json', 'text/csv'),
    ApiOkResponse({
      description: 'The report as JSON, or as a streamed CSV attachment with a header row (`Accept: text/csv` or `?format=csv`)',
      content: {
        'application/json': { schema: { $ref: getSchemaPath(type) } },
        'text/csv': { schema: { type: 'string' }, example: csvExample },
      },
      headers: { 'Content-Disposition': { description: 'CSV only: attachment; filename="…"', schema: { type: 'string', maxLength: 200 } } },
    }),
    ApiProblems({ 400: badRequest }),
  );

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('connection-calls')
  @Roles('admin', 'therapist')
  @Scopes('reports:read')
  @ApiOperation({ summary: 'Connection calls per period and therapist: modality, outcome, conversion within 60 days, median lead time (a therapist sees their own)' })
  @ReportAnswer(ConnectionCallReportResponse, 'period,therapistId,therapistName,bookings,…\r\n2026-03-01,4b6f…,Maya Singh,25,…\r\n')
  @ApiProblems({ 404: 'A therapist asked for another therapist' })
  connectionCalls(@CurrentActor() actor: Actor, @Query() query: TherapistReportQuery, @Headers('accept') accept?: string): Promise<ConnectionCallReportResponse | StreamableFile> {
    return this.reports.connectionCalls(actor, query, accept);
  }

  @Get('sessions')
  @Roles('admin', 'therapist')
  @Scopes('reports:read')
  @ApiOperation({ summary: 'Therapy sessions per period and therapist: outcomes, late cancellations, utilisation of availability (a therapist sees their own)' })
  @ReportAnswer(SessionReportResponse, 'period,therapistId,therapistName,sessions,…\r\n2026-03-01,4b6f…,Maya Singh,42,…\r\n')
  @ApiProblems({ 404: 'A therapist asked for another therapist' })
  sessions(@CurrentActor() actor: Actor, @Query() query: TherapistReportQuery, @Headers('accept') accept?: string): Promise<SessionReportResponse | StreamableFile> {
    return this.reports.sessions(actor, query, accept);
  }

  @Get('repair')
  @Roles('admin')
  @Scopes('reports:read')
  @ApiOperation({
    summary: 'Clinic-wide, de-identified repair figures per closed calendar month, quarter or year; periods behind fewer than 5 couples, and the totals that would reveal them, are suppressed',
  })
  @ReportAnswer(RepairReportResponse, 'period,suppressed,couples,ruptures,…\r\n2026-03-01,false,120,830,…\r\n')
  repair(@CurrentActor() actor: Actor, @Query() query: RepairReportQuery, @Headers('accept') accept?: string): Promise<RepairReportResponse | StreamableFile> {
    return this.reports.repair(actor, query, accept);
  }

  @Get('outcomes')
  @Roles('admin')
  @Scopes('reports:read')
  @ApiOperation({
    summary: 'Clinic-wide, de-identified: share of couples moving from below to above the satisfaction cutoff by sessions, beside their repair completion rate; groups behind fewer than 5 couples suppressed',
  })
  @ReportAnswer(OutcomeReportResponse, 'period,instrument,sessionsBand,suppressed,couples,…\r\n2026-03-01,csi-4,6-11,false,12,…\r\n')
  outcomes(@CurrentActor() actor: Actor, @Query() query: RepairReportQuery, @Headers('accept') accept?: string): Promise<OutcomeReportResponse | StreamableFile> {
    return this.reports.outcomes(actor, query, accept);
  }

  @Get('revenue')
  @Roles('admin')
  @Scopes('reports:read')
  @ApiOperation({ summary: 'Revenue per period and therapist: billed, credited, their taxes, and collected, in cents' })
  @ReportAnswer(RevenueReportResponse, 'period,therapistId,therapistName,billedCents,…\r\n2026-03-01,4b6f…,Maya Singh,1845000,…\r\n')
  revenue(@CurrentActor() actor: Actor, @Query() query: TherapistReportQuery, @Headers('accept') accept?: string): Promise<RevenueReportResponse | StreamableFile> {
    return this.reports.revenue(actor, query, accept);
  }

  @Get('receivables-aging')
  @Roles('admin')
  @Scopes('reports:read')
  @ApiOperation({ summary: 'Accounts receivable per therapist at the end of a day, aged by due date: current, 31–60, 61–90, over 90 days' })
  @ReportAnswer(ReceivablesAgingResponse, 'therapistId,therapistName,currentCents,…\r\n4b6f…,Maya Singh,42000,…\r\n', 'asOf malformed, or a bad format')
  receivablesAging(
    @CurrentActor() actor: Actor,
    @Query() query: ReceivablesAgingQuery,
    @Headers('accept') accept?: string,
  ): Promise<ReceivablesAgingResponse | StreamableFile> {
    return this.reports.receivablesAging(actor, query, accept);
  }
}
