import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { subset } from 'semver';
import { Environment } from '../src/config/environment';

const read = (file: string) => readFileSync(resolve(__dirname, '..', file), 'utf8');

/** The Docker files as docs/operations.md describes them (CI also runs docker-compose config and a Dockerfile linter). */
describe('Docker packaging', () => {
  const compose = read('docker-compose.yml');
  const operations = read('docs/operations.md');

  it('passes the API only variables it reads, including the first admin', () => {
    const api = compose.slice(compose.indexOf('  api:'));
    const environment = api.slice(api.indexOf('environment:'), api.indexOf('ports:'));
    const names = [...environment.matchAll(/^ {6}([A-Z_]+):/gm)].map((m) => m[1]);
    const known = Object.keys(new Environment()).concat(['DATABASE_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD']);
    expect(names.filter((name) => !known.includes(name))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['ADMIN_EMAIL', 'ADMIN_PASSWORD', 'JWT_SECRET', 'WEBHOOK_SECRET_KEY']));
  });

  it('documents every variable compose requires', () => {
    const required = [...compose.matchAll(/\$\{([A-Z_]+):\?/g)].map((m) => m[1]);
    expect(required.length).toBeGreaterThan(0);
    const section = operations.slice(operations.indexOf('## Docker compose'));
    for (const name of required) expect(section).toContain(`${name}=`);
  });

  it('keeps installs, data, build output, tests, docs and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((line) => line.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', '.data', 'dist', 'test', 'docs', '.env']));
  });

  it('runs as a non-root user with a health check, and copies what admin:create needs to run the build output', () => {
    const dockerfile = read('Dockerfile');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/health\/ready/m);
    expect(runtime).toMatch(/^COPY .*scripts \.\/scripts$/m);
  });
});

describe('Node versions', () => {
  const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };

  it('declares only Node versions that every installed package supports (npm ci warns EBADENGINE otherwise)', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path, entry]) => path && !Array.isArray(entry.engines) && entry.engines?.node && !subset(pkg.engines.node, entry.engines.node))
      .map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')}@${entry.version} wants node ${(entry.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });

  it('builds the Docker image on a supported Node version', () => {
    const images = [...read('Dockerfile').matchAll(/^FROM node:(\d+)/gm)].map((m) => `${m[1]}.99.0`);
    expect(images.length).toBeGreaterThan(0);
    for (const version of images) expect(subset(version, pkg.engines.node)).toBe(true);
  });

  it('says in the README which versions are supported', () => {
    expect(read('README.md')).toContain(pkg.engines.node);
  });
});
