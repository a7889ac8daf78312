import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { createLogger } from '../src/common/logging/logger';

export interface TestApp {
  app: NestFastifyApplication;
  /** The node http.Server for supertest. */
  http: ReturnType<NestFastifyApplication['getHttpServer']>;
  db: DataSource;
  close(): Promise<void>;
}

/** The real app module on the run's throwaway database, ready for supertest. */
export async function bootApp(): Promise<TestApp> {
  const app = await createApp(process.env.DATABASE_URL as string, createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, http: app.getHttpServer(), db: app.get(DataSource), close: () => app.close() };
}
