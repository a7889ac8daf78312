import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { AuditSealer } from '../audit/audit-sealer';
import { Public } from '../common/auth/decorators';
import { ServiceUnavailable } from '../common/problem/problem';
import { rows } from '../database/statement';
import { healthQueries } from './health.queries';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: DataSource,
    private readonly indicators: HealthIndicatorService,
    private readonly sealer: AuditSealer,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'The process is up' })
  @ApiOkResponse({ schema: { type: 'object', required: ['status'], properties: { status: { type: 'string', enum: ['ok'], example: 'ok' } } } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'The process can serve requests: the database answers; details show how far audit sealing lags' })
  @ApiServiceUnavailableResponse({ description: 'Not ready: a check did not answer in time (problem+json; `checks` gives each check\'s status)' })
  async ready() {
    try {
      return await this.health.check([() => this.database(), () => this.auditSealing()]);
    } catch (error) {
      throw error instanceof ServiceUnavailableException ? notReady(error.getResponse() as HealthCheckResult) : error;
    }
  }

  /** Down when the database does not answer in time. */
  private database() {
    return this.indicators
      .check('database')
      .attempt(async () => void (await rows(this.db, healthQueries.ping())))
      .withTimeout(1500);
  }

  /** Events not yet sealed into the audit chain and the age of the oldest: down only when that cannot be read in time. */
  private auditSealing() {
    return this.indicators
      .check('auditSealing')
      .attempt(() => this.sealer.lag())
      .withTimeout(1500);
  }
}

/**
 * Terminus says "not ready" with every check's result; the answer names the checks that failed and
 * gives each check's status, not the errors behind them (connection details stay in the log).
 */
function notReady(result: HealthCheckResult): ServiceUnavailable {
  const checks = Object.fromEntries(Object.entries(result.details ?? {}).map(([name, check]) => [name, check.status]));
  const failed = Object.keys(result.error ?? {});
  return new ServiceUnavailable(2, `Not ready: ${failed.length ? failed.join(', ') : 'a check'} did not answer in time.`, { checks });
}
