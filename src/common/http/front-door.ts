import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from '../problem/problem';

/** Where a newcomer who opens the server's root (or the API's) is sent: the documentation. */
export const ENTRY_LINKS = {
  documentation: '/docs',
  openapi: '/docs/openapi.json',
  api: '/api/v1',
  signIn: 'POST /api/v1/auth/login',
  health: { live: '/health/live', ready: '/health/ready' },
} as const;

interface KnownRoute {
  method: string;
  pattern: RegExp;
}

/**
 * `GET /` and `GET /api/v1` answer a small index of links instead of a bare 404, and a wrong
 * method on a known path answers 405 with `Allow` (RFC 9110 §15.5.6) instead of 404.
 * Must run before the app's routes are registered, so that it sees every one of them.
 */
export function registerFrontDoor(fastify: FastifyInstance, apiPrefix: string): void {
  const routes: KnownRoute[] = [];
  fastify.addHook('onRoute', (route: RouteOptions) => {
    // A catch-all (CORS preflight's `OPTIONS *`) matches every path and says nothing about it.
    if (route.url === '*' || route.url === '/*') return;
    for (const method of [route.method].flat()) routes.push({ method, pattern: routePattern(route.url) });
  });

  const index = async () => ({ name: 'Clinic API', ...ENTRY_LINKS });
  fastify.get('/', index);
  fastify.get(`/${apiPrefix}`, index);

  // Fastify runs the root onRequest hooks for unmatched requests too (`is404`), before Nest's 404.
  // Callback-style, as the hooks every request runs are here: an async hook costs each request a promise.
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (!request.is404) return done();
    const path = request.url.split('?')[0];
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method))].sort();
    if (!allowed.length || allowed.includes(request.method)) return done();
    void reply
      .status(405)
      .header('allow', allowed.join(', '))
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send({
        type: 'about:blank',
        title: 'Method not allowed',
        status: 405,
        detail: `${request.method} is not allowed on this path; allowed: ${allowed.join(', ')}.`,
        instance: `urn:request:${request.id}`,
      });
  });
}

/** A route URL (`/api/v1/clients/:id`, `/docs/*`) as a whole-path regular expression. */
function routePattern(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}
