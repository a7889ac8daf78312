import { existsSync } from 'node:fs';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
  validateSync,
} from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase());

const ZONES = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'));

/** Every variable the API reads. `.env.example` documents each one. */
export class Environment {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Unset: an embedded PostgreSQL under DATA_DIR is started. */
  @IsOptional()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_host: true })
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = '.data';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  @Transform(toBoolean)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  @IsOptional()
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false })
  REDIS_URL?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Comma-separated list of allowed browser origins; empty allows none. */
  @IsString()
  CORS_ORIGINS = '';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 100 * 1024;

  /** Behind a reverse proxy: take the source address from X-Forwarded-For. */
  @Transform(toBoolean)
  @IsBoolean()
  TRUST_PROXY = false;

  /** Where callers reach the API; used in links sent out (manage links, calendar feeds). */
  @IsUrl({ require_tld: false, require_protocol: true })
  PUBLIC_BASE_URL = 'http://localhost:3000';

  @IsString()
  CLINIC_TIME_ZONE = 'America/Toronto';
}

const OPTIONAL_KEYS = ['DATABASE_URL', 'REDIS_URL'];

export type AppConfig = Readonly<Environment>;

/** The process environment, with `.env` (when present) filling in what is unset. */
export function loadEnvironment(): AppConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return validateEnvironment(process.env);
}

/** Validates the environment; throws an error that names every wrong variable. */
export function validateEnvironment(raw: Record<string, unknown>): AppConfig {
  const known = Object.keys(new Environment()).concat(OPTIONAL_KEYS);
  const present = Object.fromEntries(
    Object.entries(raw).filter(([k, v]) => known.includes(k) && v !== undefined && v !== ''),
  );
  const env = plainToInstance(Environment, present, { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  const problems = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  if (!ZONES.has(env.CLINIC_TIME_ZONE)) problems.push(`CLINIC_TIME_ZONE: "${env.CLINIC_TIME_ZONE}" is not an IANA time zone`);
  if (problems.length) {
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return Object.freeze(env);
}
