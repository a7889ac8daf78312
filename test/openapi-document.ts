import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import request from 'supertest';
import type { TestApp } from './app';

/** The slice of an OpenAPI 3.0 document the tests read. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  servers?: { url: string; description?: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, Record<string, unknown>>; securitySchemes?: Record<string, Record<string, unknown>> };
  tags?: { name: string; description?: string }[];
}

export interface OpenApiOperation {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: Record<string, unknown>[];
  requestBody?: Record<string, unknown>;
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

/**
 * The document the app serves at /docs/openapi.json: under ts-jest the Swagger plugin is applied,
 * so it is the document `npm run openapi` writes (except the server list). With OPENAPI_DUMP set
 * it is also written to that file, for linting it during development:
 * `OPENAPI_DUMP=.data/openapi.json npx jest test/openapi-document`.
 */
export async function servedOpenApi(t: TestApp): Promise<OpenApiDocument> {
  const response = await request(t.http).get('/docs/openapi.json').expect(200);
  const document = response.body as OpenApiDocument;
  const dump = process.env.OPENAPI_DUMP;
  if (dump) {
    mkdirSync(dirname(dump), { recursive: true });
    writeFileSync(dump, `${JSON.stringify(document, null, 2)}\n`);
  }
  return document;
}
