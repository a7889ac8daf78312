/* Writes the OpenAPI document to a file, or with --check fails when the committed copy differs. */
import { readFileSync, writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { applyRoutePrefix, buildOpenApiDocument } from './app.setup';

/**
 * A stable rendering: the server URL is fixed (an https placeholder for the clinic's own address)
 * so the document does not depend on the machine.
 */
export const DOCUMENTED_SERVER_URL = 'https://clinic-api.example';

export async function renderOpenApi(): Promise<string> {
  // Preview mode builds the module graph without connecting to the database.
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ databaseUrl: 'postgres://unused/unused' }),
    new FastifyAdapter(),
    { preview: true, logger: false },
  );
  applyRoutePrefix(app);
  const document = buildOpenApiDocument(app, DOCUMENTED_SERVER_URL);
  await app.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const file = args.find((a) => !a.startsWith('--')) ?? 'docs/openapi.json';
  const rendered = await renderOpenApi();
  if (!check) {
    writeFileSync(file, rendered);
    process.stdout.write(`Wrote ${file}\n`);
    return 0;
  }
  const committed = readFileSync(file, 'utf8');
  if (committed === rendered) {
    process.stdout.write(`${file} matches the code.\n`);
    return 0;
  }
  process.stderr.write(`${file} differs from what the code produces: run \`npm run openapi\` and commit it.\n`);
  return 1;
}

if (require.main === module) {
  main().then((code) => process.exit(code), (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
