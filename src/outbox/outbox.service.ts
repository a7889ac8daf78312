import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rows } from '../database/statement';
import { outboxQueries } from './outbox.queries';

export interface OutboxEntry {
  channel: 'email' | 'webhook';
  event: string;
  payload: Record<string, unknown>;
  /** Not before this instant (a reminder's time); now when absent. */
  availableAt?: Date;
  /** Withdrawn, not sent, if still pending at this instant. */
  notAfter?: Date;
  /** The record the message is about, for withdrawing what is pending when it changes. */
  subjectId?: string;
  /**
   * A second message with the same key is not written: give one when the producer could write the
   * same message twice (a retried request, a replay, a re-planned reminder). See docs/operations.md.
   */
  idempotencyKey?: string;
}

/** Writes messages into the outbox inside the caller's transaction. Delivery is the worker's job. */
@Injectable()
export class Outbox {
  /** Answers the ids of the messages written, in order; one whose idempotency key is taken is not written. */
  async enqueue(manager: EntityManager, entries: OutboxEntry[]): Promise<string[]> {
    if (!entries.length) return [];
    const written = await rows(manager, outboxQueries.enqueue(entries));
    return written.map((r) => r.id);
  }

  /** Withdraws, in the caller's transaction, the messages of `events` still waiting to be sent about `subjectIds`; answers how many. */
  async withdraw(manager: EntityManager, subjectIds: string[], events: readonly string[], reason: string): Promise<number> {
    return (await rows(manager, outboxQueries.withdrawPending(subjectIds, events, reason))).length;
  }
}
