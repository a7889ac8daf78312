import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { configureApp } from './app.setup';
import { InvalidRequest, PROBLEM_CONTENT_TYPE } from './common/problem/problem';
import { AppModule } from './app.module';
import { loadEnvironment } from './config/environment';
import { callerCorrelationId, NestPinoLogger, OneLinePerRequest, requestId } from './common/logging/logger';
import { refuseBodiesOtherThanJson } from './common/http/media-type';
import { SCHEMA_COMPILERS_WHEN_NEEDED } from './common/http/schema-compilers';

/** Builds the configured (not yet listening) application on the given database. */
export async function createApp(databaseUrl: string, logger: Logger): Promise<NestFastifyApplication> {
  const env = loadEnvironment();
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    logController: new OneLinePerRequest(),
    genReqId: requestId,
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    return503OnClosing: true,
    schemaController: { compilersFactory: SCHEMA_COMPILERS_WHEN_NEEDED },
    // Node refuses an over-long header block (431) before Fastify sees a request: answer as problem+json.
    clientErrorHandler: (error: NodeJS.ErrnoException, socket: Socket) => {
      const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      if (!socket.writable) return socket.destroy();
      const title = status === 431 ? 'Request header fields too large' : 'Invalid request';
      const body = JSON.stringify({ type: 'about:blank', title, status, detail: status === 431 ? 'The request headers are larger than this API accepts.' : 'The request is malformed.' });
      socket.end(`HTTP/1.1 ${status} ${title}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
    // Fastify refuses a malformed URL (400) or an over-long path parameter (414) before any route
    // or filter runs; answer those as problem+json too.
    frameworkErrors: (error: { statusCode?: number }, request: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode === 414 ? 414 : 400;
      const detail = status === 414 ? 'A path parameter is longer than this API accepts.' : 'The URL is malformed.';
      void reply
        .status(status)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .send({ type: 'about:blank', title: status === 414 ? 'URI too long' : 'Invalid request', status, detail, instance: `urn:request:${request.id}` });
    },
  });
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    const correlationId = callerCorrelationId(request.raw);
    if (correlationId) request.log = request.log.child({ correlationId });
    done();
  });
  refuseBodiesOtherThanJson(adapter.getInstance());
  // I-JSON (RFC 7493): text must be valid Unicode. A lone surrogate would be stored as U+FFFD, and
  // some validators throw on it (isEmail → URIError → 500), so such a body is refused up front.
  adapter.getInstance().addHook('preValidation', (request, reply, done) => {
    if (!hasLoneSurrogate(request.body)) return done();
    const problem = new InvalidRequest('The body contains text that is not valid Unicode (an unpaired surrogate).').toBody();
    void reply.status(400).header('content-type', PROBLEM_CONTENT_TYPE).send({ ...problem, instance: `urn:request:${request.id}` });
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ databaseUrl }), adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  await configureApp(app);
  return app;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether any string (value or key) in a parsed JSON body holds an unpaired UTF-16 surrogate. */
function hasLoneSurrogate(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value);
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasLoneSurrogate(v, depth + 1));
  return Object.entries(value).some(([k, v]) => LONE_SURROGATE.test(k) || hasLoneSurrogate(v, depth + 1));
}
