import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PROBLEM_CONTENT_TYPE } from '../problem/problem';

/** `application/json`, with or without parameters such as `charset=utf-8`. */
const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

const hasBody = (request: FastifyRequest): boolean =>
  request.headers['transfer-encoding'] !== undefined || (request.headers['content-length'] !== undefined && request.headers['content-length'] !== '0');

/**
 * JSON means JSON: a body of any other media type (form posts, text/plain) is refused with 415
 * before it is parsed, so it never reaches validation and a form post cannot skip CORS preflight.
 */
export function refuseBodiesOtherThanJson(fastify: FastifyInstance): void {
  // preParsing runs after every onRequest hook, so the 415 carries the security headers too.
  // Callback-style (every request runs it; an async hook costs each a promise). Answered here, the request goes no further.
  fastify.addHook('preParsing', (request, reply, payload, done) => {
    if (!hasBody(request) || JSON_MEDIA_TYPE.test(request.headers['content-type'] ?? '')) return done(null, payload);
    const given = request.headers['content-type'] ? `\`${request.headers['content-type'].split(';')[0]}\`` : 'a body without a content type';
    void reply
      .status(415)
      .header('content-type', PROBLEM_CONTENT_TYPE)
      .send({ type: 'about:blank', title: 'Unsupported media type', status: 415, detail: `This API takes application/json bodies only, not ${given}.`, instance: `urn:request:${request.id}` });
  });
}
