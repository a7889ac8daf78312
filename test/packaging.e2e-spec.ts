import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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
