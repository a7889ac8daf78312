import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditTrail } from '../common/audit/audit-trail';
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
    private readonly audit: AuditTrail,
  ) {}

  async deadLetters(_actor: UserActor, query: ListDeadLettersQuery): Promise<Page<DeliveryResponse>> {
    const found = await rows(this.db, deliveryQueries.deadLetters(query));
    return DEAD_LETTER_ORDER.page(found, query.limit, toDeliveryResponse);
  }

  /**
   * Back to pending, due now, with its attempts reset: the worker delivers it with the usual retries.
   * Sending a message again is recorded in the audit trail, in the same transaction.
   */
  async retry(actor: UserActor, id: string): Promise<DeliveryResponse> {
    return this.db.transaction(async (tx) => {
      const found = await first(tx, deliveryQueries.one(id));
      if (!found) throw new NotFound('delivery');
      if (!found.failed_at) throw new Conflict(DELIVERY_PROBLEMS['delivery-not-failed'], 'Only a delivery that gave up can be retried.');
      if (found.unretryable) throw REFUSALS[found.unretryable]();
      if (!(await first(tx, deliveryQueries.retry(found.channel, id)))) throw new Conflict(DELIVERY_PROBLEMS['delivery-not-failed'], 'The delivery changed meanwhile; list it again.');
      await this.audit.record(tx, actor, { action: 'update', resourceType: 'delivery', resourceId: id, clientIds: [] });
      const [now] = await rows(tx, deliveryQueries.one(id));
      return toDeliveryResponse(now);
    });
  }
}
