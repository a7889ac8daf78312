import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { createLogger } from '../src/common/logging/logger';
import { ResponseConformance } from './openapi-conformance';
import type { OpenApiDocument } from './openapi-document';

export interface TestApp {
  app: NestFastifyApplication;
  /** The node http.Server for supertest. */
  http: ReturnType<NestFastifyApplication['getHttpServer']>;
  db: DataSource;
  close(): Promise<void>;
}

export interface BootOptions {
  /**
   * Check every answer against the OpenAPI document (declared status, content type and schema,
   * undeclared fields refused); mismatches fail `close()`. On by default; VALIDATE_RESPONSES=0 turns it off.
   */
  validateResponses?: boolean;
}

/** The real app module on the run's throwaway database, ready for supertest. */
export async function bootApp({ validateResponses = process.env.VALIDATE_RESPONSES !== '0' }: BootOptions = {}): Promise<TestApp> {
  const app = await createApp(process.env.DATABASE_URL as string, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  let conformance: ResponseConformance | undefined;
  if (validateResponses) {
    fastify.addHook('onSend', async (request, reply, payload) => {
      const route = request.routeOptions.url;
      if (conformance && route && (typeof payload === 'string' || payload === null || payload === undefined)) {
        const contentType = reply.getHeader('content-type');
        const type = contentType === undefined ? undefined : String(contentType);
        conformance.record(expect.getState().currentTestName, request.method, route, reply.statusCode, type, payload ?? '', Object.keys(reply.getHeaders()));
      }
      return payload;
    });
  }
  await fastify.ready();
  if (validateResponses) {
    const served = await request(app.getHttpServer()).get('/docs/openapi.json').expect(200);
    conformance = new ResponseConformance(served.body as OpenApiDocument);
  }
  const close = async () => {
    await app.close();
    if (conformance?.mismatches.length) {
      throw new Error(`Answers that do not match the OpenAPI document:\n${conformance.mismatches.join('\n')}`);
    }
  };
  return { app, http: app.getHttpServer(), db: app.get(DataSource), close };
}
