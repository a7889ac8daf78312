#!/usr/bin/env node
/*
 * Joins the API's own modules (the ~380 files `nest build` writes for src/) into the start,
 * dist/src/start.js, in place; the packages stay in node_modules, loaded as before. (The entry
 * point, main.js, enables Node's compile cache and then loads it, so the cache keeps it.) A start then
 * finds, reads and wraps one file of the API's instead of each module (docs/performance.md). The
 * other files in dist/ stay as they are, for the tools (migrations, the admin tool, the OpenAPI
 * script, the benchmarks) and the tests that load parts of the API.
 * Usage: node scripts/bundle-api.js   (after `nest build`; `npm run build` runs both)
 */
const { join } = require('node:path');

/** Bundles `<dist>/src/start.js`, the output of `nest build` (or of tsc) in the folder `dist`. */
function bundleApi(dist) {
  const start = join(dist, 'src', 'start.js');
  // Loaded here, not at the top: the prestart check requires this file where only production
  // dependencies are installed (the Docker image), and never bundles there.
  const { buildSync } = require('esbuild');
  buildSync({
    entryPoints: [start],
    outfile: start,
    allowOverwrite: true,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Every package is required from node_modules at run time: one copy of each, shared with
    // Nest (class-validator's metadata, rxjs), and native addons where they are.
    packages: 'external',
    // Class and function names are Nest's provider tokens, the OpenAPI schema names and operation ids.
    keepNames: true,
    // Chained to the TypeScript sources through the maps `nest build` wrote.
    sourcemap: 'linked',
    // Swagger's compiler plugin writes an enum both from the type and from @ApiProperty; the last one wins, as before.
    logOverride: { 'duplicate-object-key': 'silent' },
    logLevel: 'warning',
  });
}

module.exports = { bundleApi };

if (require.main === module) bundleApi(join(__dirname, '..', 'dist'));
