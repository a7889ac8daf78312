/* Writes the OpenAPI document to a file, or with --check fails when the committed copy differs. */
import { readFileSync, writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { applyRoutePrefix, buildOpenApiDocument } from './app.setup';
import { renderProblemCatalogue } from './common/problem/problem-codes';

/** The problem-code catalogue, generated beside the document from the codes the modules declare. */
export const PROBLEM_CATALOGUE_FILE = 'docs/problems.md';

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
  const outputs = new Map([
    [file, await renderOpenApi()],
    [PROBLEM_CATALOGUE_FILE, renderProblemCatalogue()],
  ]);
  let stale = 0;
  for (const [path, rendered] of outputs) {
    if (!check) {
      writeFileSync(path, rendered);
      process.stdout.write(`Wrote ${path}\n`);
    } else if (readFileSync(path, 'utf8') === rendered) {
      process.stdout.write(`${path} matches the code.\n`);
    } else {
      process.stderr.write(`${path} differs from what the code produces: run \`npm run openapi\` and commit it.\n`);
      stale += 1;
    }
  }
  return stale ? 1 : 0;
}

if (require.main === module) {
  main().then((code) => process.exit(code), (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
