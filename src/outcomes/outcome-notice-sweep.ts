import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import pino, { Logger } from 'pino';
import { RepeatingTask } from '../common/background/repeating-task';
import { AppConfig } from '../config/environment';
import { failureReason } from '../outbox/retry-policy';
import { OutcomesService } from './outcomes.service';

/** Looks every OUTCOME_NOTICE_SWEEP_MS for scheduled questionnaires that fell due and tells the partners (once per occasion, whichever process sees it first). */
@Injectable()
export class OutcomeNoticeSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly intervalMs: number;
  private log: Logger = pino({ level: 'silent' });
  private readonly sweep: RepeatingTask;

  constructor(outcomes: OutcomesService, private readonly adapterHost: HttpAdapterHost, config: ConfigService<AppConfig, true>) {
    this.intervalMs = config.get('OUTCOME_NOTICE_SWEEP_MS', { infer: true });
    this.sweep = new RepeatingTask(this.intervalMs, () => outcomes.sendDueNotices(), (error) => this.log.error({ reason: failureReason(error) }, 'outcome notice sweep failed'));
  }

  onApplicationBootstrap(): void {
    const appLog = (this.adapterHost.httpAdapter?.getInstance?.() as { log?: Logger } | undefined)?.log;
    if (appLog) this.log = appLog.child({ context: 'OutcomeNoticeSweep' });
    if (this.intervalMs > 0) this.sweep.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sweep.stop();
  }
}
