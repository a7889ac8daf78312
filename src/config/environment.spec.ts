import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provideDevelopmentSecrets } from './development-secrets';
import { validateEnvironment } from './environment';

const KEYS = { JWT_SECRET: 'j'.repeat(32), WEBHOOK_SECRET_KEY: 'w'.repeat(32) };

describe('environment', () => {
  it('applies defaults', () => {
    const env = validateEnvironment({ ...KEYS });
    expect(env).toMatchObject({ PORT: 3000, MIGRATIONS_RUN: true, CLINIC_TIME_ZONE: 'America/Toronto' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('converts values', () => {
    expect(validateEnvironment({ ...KEYS, PORT: '8080', MIGRATIONS_RUN: 'false' })).toMatchObject({ PORT: 8080, MIGRATIONS_RUN: false });
  });

  it('names every wrong variable', () => {
    expect(() => validateEnvironment({ PORT: 'eighty', DATABASE_URL: 'mysql://x/y', CLINIC_TIME_ZONE: 'Mars/Base' })).toThrow(
      /PORT[\s\S]*DATABASE_URL[\s\S]*CLINIC_TIME_ZONE/,
    );
  });

  it('ignores variables it does not know', () => {
    expect(validateEnvironment({ ...KEYS, PATH: '/bin' })).not.toHaveProperty('PATH');
  });

  it('listens only on this machine outside production, on every interface in production', () => {
    expect(validateEnvironment({ ...KEYS }).HOST).toBe('127.0.0.1');
    expect(validateEnvironment({ ...KEYS, NODE_ENV: 'production' }).HOST).toBe('0.0.0.0');
    expect(validateEnvironment({ ...KEYS, HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });

  it('refuses to start without signing keys, in production and elsewhere', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET[\s\S]*required in production[\s\S]*WEBHOOK_SECRET_KEY/);
    expect(() => validateEnvironment({ ...KEYS, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET/);
  });
});

describe('development secrets', () => {
  const dataDir = () => mkdtempSync(join(tmpdir(), 'clinic-secrets-'));

  it('generates random keys on first start, keeps them in DATA_DIR with mode 0600, and reuses them', () => {
    const DATA_DIR = dataDir();
    const first: Record<string, string | undefined> = { NODE_ENV: 'development', DATA_DIR };
    expect(provideDevelopmentSecrets(first)).toMatch(/JWT_SECRET and WEBHOOK_SECRET_KEY not set/);
    expect(first.JWT_SECRET).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.WEBHOOK_SECRET_KEY).not.toBe(first.JWT_SECRET);
    const file = join(DATA_DIR, 'secrets.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(first.JWT_SECRET);
    const restart: Record<string, string | undefined> = { NODE_ENV: 'development', DATA_DIR };
    provideDevelopmentSecrets(restart);
    expect(restart).toMatchObject({ JWT_SECRET: first.JWT_SECRET, WEBHOOK_SECRET_KEY: first.WEBHOOK_SECRET_KEY });
    expect(validateEnvironment(restart).JWT_SECRET).toBe(first.JWT_SECRET);
  });

  it('keeps a key that is set, and generates nothing in production', () => {
    const DATA_DIR = dataDir();
    const set: Record<string, string | undefined> = { DATA_DIR, ...KEYS };
    expect(provideDevelopmentSecrets(set)).toBeUndefined();
    expect(set).toMatchObject(KEYS);
    const production: Record<string, string | undefined> = { NODE_ENV: 'production', DATA_DIR };
    expect(provideDevelopmentSecrets(production)).toBeUndefined();
    expect(production.JWT_SECRET).toBeUndefined();
    expect(() => statSync(join(DATA_DIR, 'secrets.json'))).toThrow();
  });
});
