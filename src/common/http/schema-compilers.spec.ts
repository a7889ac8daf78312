import fastify from 'fastify';
import { SCHEMA_COMPILERS_WHEN_NEEDED } from './schema-compilers';

describe('Fastify schema compilers loaded when needed', () => {
  it('still validate and serialize a route that has a schema', async () => {
    const server = fastify({ schemaController: { compilersFactory: SCHEMA_COMPILERS_WHEN_NEEDED } });
    server.get(
      '/',
      {
        schema: {
          querystring: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } },
          response: { 200: { type: 'object', properties: { n: { type: 'integer' } } } },
        },
      },
      async (request) => ({ n: (request.query as { n: number }).n, extra: 'left out by the response schema' }),
    );
    const base = await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const ok = await fetch(`${base}/?n=4`);
      expect([ok.status, await ok.text()]).toEqual([200, '{"n":4}']);
      const refused = await fetch(`${base}/?n=four`);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ message: 'querystring/n must be integer' });
    } finally {
      await server.close();
    }
  });
});
