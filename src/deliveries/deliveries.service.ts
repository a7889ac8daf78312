import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { UserActor } from '../common/auth/roles';
import { Page } from '../common/pagination/pagination';
import { Conflict, NotFound } from '../common/problem/problem';
import { first, rows } from '../database/statement';
import { toDeliveryResponse } from './deliveries.mapper';
import { DELIVERY_PROBLEMS } from './deliveries.problems';
import { DEAD_LETTER_ORDER, deliveryQueries } from './deliveries.queries';
import { DeliveryResponse, ListDeadLettersQuery } from './dto/delivery.dto';

/** Why a dead letter cannot be sent again, as the 409 says it. */
const REFUSALS = {
  'link-removed': () => new Conflict(DELIVERY_PROBLEMS['delivery-link-removed'], 'The email carried a private link, removed when it gave up; send the person a new one instead.'),
  'webhook-deleted': () => new Conflict(DELIVERY_PROBLEMS['delivery-webhook-deleted'], 'The webhook this call was for has been deleted.'),
};

/** The deliveries that gave up (dead letters), for admins to see and send again. */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly db: DataSource,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async deadLetters(_actor: UserActor, query: ListDeadLettersQuery): Promise<Page<DeliveryResponse>> {
    const found = await rows(this.db, deliveryQueries.deadLetters(query));
    return DEAD_LETTER_ORDER.page(found, query.limit, toDeliveryResponse);
  }

  /** Back to pending, due now, with its attempts reset: the worker delivers it with the usual retries. */
  async retry(actor: UserActor, id: string): Promise<DeliveryResponse> {
    return this.db.transaction(async (tx) => {
      const found = await first(tx, deliveryQueries.one(id));
      if (!found) throw new NotFound('delivery');
      if (!found.failed_at) throw new Conflict(DELIVERY_PROBLEMS['delivery-not-failed'], 'Only a delivery that gave up can be retried.');
      if (found.unretryable) throw REFUSALS[found.unretryable]();
      if (!(await first(tx, deliveryQueries.retry(found.channel, id)))) throw new Conflict(DELIVERY_PROBLEMS['delivery-not-failed'], 'The delivery changed meanwhile; list it again.');
      this.log()?.info({ channel: found.channel, event: found.event, deliveryId: id, by: actor.id }, 'dead letter retried');
      const [now] = await rows(tx, deliveryQueries.one(id));
      return toDeliveryResponse(now);
    });
  }

  private log() {
    return (this.adapterHost.httpAdapter?.getInstance?.() as { log?: { info(o: object, m: string): void } } | undefined)?.log;
  }
}
