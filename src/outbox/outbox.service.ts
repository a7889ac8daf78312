import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rows } from '../database/statement';
import { outboxQueries } from './outbox.queries';

export interface OutboxEntry {
  channel: 'email' | 'webhook';
  event: string;
  payload: Record<string, unknown>;
}

/** Writes messages into the outbox inside the caller's transaction. Delivery is the worker's job. */
@Injectable()
export class Outbox {
  /** Answers the new messages' ids (callers may ignore them; tests drain by them). */
  async enqueue(manager: EntityManager, entries: OutboxEntry[]): Promise<string[]> {
    if (!entries.length) return [];
    const written = await rows(manager, outboxQueries.enqueue(entries));
    return written.map((r) => r.id);
  }
}
