import type { FastifyInstance } from 'fastify';
import { inZone } from './in-zone';

/**
 * Answers write every instant one way: RFC 3339 in the clinic's offset, milliseconds only when it has them
 * (`2026-12-01T09:00:00-05:00`). A `Date` anywhere in a JSON answer is written so by the reply
 * serializer, so no mapper can write `…000Z` by forgetting.
 */
export function writeInstantsInClinicZone(fastify: FastifyInstance, zone: string): void {
  fastify.setReplySerializer((payload) =>
    JSON.stringify(payload, function (this: Record<string, unknown>, key: string, value: unknown) {
      const raw = this[key];
      return raw instanceof Date && !Number.isNaN(raw.getTime()) ? inZone(raw, zone) : value;
    }),
  );
}
