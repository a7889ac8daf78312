import type { FastifyInstance } from 'fastify';

/**
 * Creates whose record has its own address: `POST` route (as the document writes it) → where the
 * created record is read. Other creates answer a series, a secret or a record without a GET.
 */
export const CREATED_LOCATIONS: Record<string, string> = {
  '/api/v1/users': '/api/v1/users/{id}',
  '/api/v1/clients': '/api/v1/clients/{id}',
  '/api/v1/couples': '/api/v1/couples/{id}',
  '/api/v1/couples/{id}/ruptures': '/api/v1/ruptures/{id}',
  '/api/v1/fee-schedule': '/api/v1/fee-schedule/{id}',
  '/api/v1/payments': '/api/v1/payments/{id}',
};

/** Sends `Location` with every 201 of those routes: the created record's address. */
export function sendLocationOfCreated(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const location = request.method === 'POST' && reply.statusCode === 201 ? CREATED_LOCATIONS[(request.routeOptions.url ?? '').replace(/:(\w+)/g, '{$1}')] : undefined;
    if (location && typeof payload === 'string') {
      const created = JSON.parse(payload) as { id?: unknown };
      if (typeof created.id === 'string') reply.header('location', location.replace('{id}', encodeURIComponent(created.id)));
    }
    done(null, payload);
  });
}
