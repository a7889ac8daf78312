import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { configureApp } from './app.setup';
import { AppModule } from './app.module';
import { loadEnvironment } from './config/environment';
import { NestPinoLogger, requestId } from './common/logging/logger';

/** Builds the configured (not yet listening) application on the given database. */
export async function createApp(databaseUrl: string, logger: Logger): Promise<NestFastifyApplication> {
  const env = loadEnvironment();
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    genReqId: requestId,
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY,
    return503OnClosing: true,
  });
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ databaseUrl }), adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  await configureApp(app);
  return app;
}
