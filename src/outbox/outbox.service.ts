import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

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
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO outbox_messages (channel, event, payload)
       SELECT e.item->>'channel', e.item->>'event', e.item->'payload' FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(item, n)
        ORDER BY e.n
       RETURNING id`,
      [JSON.stringify(entries)],
    );
    return rows.map((r) => r.id);
  }
}
