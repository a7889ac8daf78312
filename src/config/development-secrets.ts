import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The keys that, outside production, may be generated instead of set. */
export const GENERATED_SECRETS = ['JWT_SECRET', 'WEBHOOK_SECRET_KEY'] as const;
type SecretName = (typeof GENERATED_SECRETS)[number];

export const SECRETS_FILE = 'secrets.json';

/**
 * Outside production, fills an unset JWT_SECRET or WEBHOOK_SECRET_KEY in `env` from random keys
 * kept in `DATA_DIR/secrets.json` (mode 0600), made on first start, so tokens and webhook
 * signatures survive restarts and no key ever sits in the source. Production must set both.
 * Answers a line for the log when it filled anything.
 */
export function provideDevelopmentSecrets(env: Record<string, string | undefined>): string | undefined {
  if (env.NODE_ENV === 'production') return undefined;
  const missing = GENERATED_SECRETS.filter((name) => !env[name]);
  if (!missing.length) return undefined;
  const file = join(env.DATA_DIR || '.data', SECRETS_FILE);
  const stored = readOrCreate(file);
  for (const name of missing) env[name] = stored[name];
  return `${missing.join(' and ')} not set: using the development keys in ${file} (generated on first start; set them in production)`;
}

function readOrCreate(file: string): Record<SecretName, string> {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file} is unreadable; delete it to have new keys generated`);
  }
  const fresh = Object.fromEntries(GENERATED_SECRETS.map((name) => [name, randomBytes(32).toString('base64url')])) as Record<SecretName, string>;
  mkdirSync(join(file, '..'), { recursive: true });
  // Written aside and linked into place: processes starting together all end up with one file, never a half-written one.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600 });
  chmodSync(draft, 0o600);
  try {
    linkSync(draft, file);
    return fresh;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parse(readFileSync(file, 'utf8'));
  } finally {
    rmSync(draft, { force: true });
  }
}

function parse(text: string): Record<SecretName, string> {
  const value = JSON.parse(text) as Partial<Record<SecretName, unknown>>;
  for (const name of GENERATED_SECRETS) {
    if (typeof value[name] !== 'string' || (value[name] as string).length < 32) throw new Error(`${name} missing`);
  }
  return value as Record<SecretName, string>;
}
