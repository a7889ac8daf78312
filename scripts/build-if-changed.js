#!/usr/bin/env node
/*
 * `npm start` (prestart), `npm run admin:create` and `npm run seed:demo` build only when the
 * sources changed since the last build: a fingerprint of the sources is kept beside the build
 * output. Where there are no sources (the Docker image), the build output is run as it is.
 * Usage: node scripts/build-if-changed.js          build when needed
 *        node scripts/build-if-changed.js --stamp  record the sources as built (after `nest build`)
 */
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { spawnSync } = require('node:child_process');
const { bundleApi } = require('./bundle-api');

/** What the build reads (`nest build`, then scripts/bundle-api.js): a change to any of these changes the output. */
const SOURCE_FOLDERS = ['src', 'migrations', 'bench'];
const SOURCE_FILES = ['package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'scripts/bundle-api.js'];
const STAMP = join('dist', '.source-fingerprint');
const ENTRY = join('dist', 'src', 'main.js');

function filesUnder(root, folder) {
  const dir = join(root, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return filesUnder(root, path);
    return entry.isFile() && entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** A hash of every source file's path and content (content, not mtimes: a checkout touches every file). */
function sourceFingerprint(root) {
  const hash = createHash('sha256');
  const files = SOURCE_FOLDERS.flatMap((folder) => filesUnder(root, folder)).concat(SOURCE_FILES.filter((f) => existsSync(join(root, f))));
  for (const file of files.sort()) {
    hash.update(relative(root, join(root, file)).split('\\').join('/')).update('\0').update(readFileSync(join(root, file))).update('\0');
  }
  return hash.digest('hex');
}

/**
 * 'run-output': no sources here (a deployed image), run what was built.
 * 'fresh': the build output was made from these very sources.
 * 'build': no build yet, or the sources changed since.
 */
function buildDecision(root) {
  if (!existsSync(join(root, 'src'))) return 'run-output';
  const stamp = join(root, STAMP);
  if (!existsSync(join(root, ENTRY)) || !existsSync(stamp)) return 'build';
  return readFileSync(stamp, 'utf8').trim() === sourceFingerprint(root) ? 'fresh' : 'build';
}

function writeStamp(root) {
  writeFileSync(join(root, STAMP), `${sourceFingerprint(root)}\n`);
}

function main() {
  const root = join(__dirname, '..');
  if (process.argv.includes('--stamp')) return writeStamp(root);
  const decision = buildDecision(root);
  if (decision !== 'build') {
    if (decision === 'fresh') console.log('Build is up to date (sources unchanged since the last build).');
    return;
  }
  console.log('Sources changed since the last build (or no build yet): building, which takes 20-40 s...');
  // The fingerprint is taken before the build, so an edit made during the build triggers the next one.
  const fingerprint = sourceFingerprint(root);
  const nest = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'nest.cmd' : 'nest');
  const built = spawnSync(nest, ['build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  bundleApi(join(root, 'dist'));
  writeFileSync(join(root, STAMP), `${fingerprint}\n`);
}

module.exports = { buildDecision, sourceFingerprint, writeStamp, STAMP };

if (require.main === module) main();
