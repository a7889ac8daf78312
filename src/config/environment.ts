import { existsSync } from 'node:fs';
import { GENERATED_SECRETS, provideDevelopmentSecrets } from './development-secrets';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
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

  /** Unset: 127.0.0.1 outside production (only this machine), 0.0.0.0 in production (containers). */
  @IsString()
  HOST = '';

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

  /** Bounded waits on the database (docs/operations.md); each one that runs out answers 503. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  DATABASE_CONNECT_TIMEOUT_MS = 2000;

  /** How long a request waits for a free pool connection. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  DATABASE_ACQUIRE_TIMEOUT_MS = 10_000;

  /** Server-side limit per statement; the report snapshot sets its own, longer one. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  DATABASE_STATEMENT_TIMEOUT_MS = 15_000;

  /** Client-side limit per statement, for a connection that stops answering: above every statement timeout. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  DATABASE_QUERY_TIMEOUT_MS = 35_000;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000;

  /** The whole graceful shutdown; past it the process exits non-zero. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** Slow clients: the whole request, and its headers, must arrive within these. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  HTTP_REQUEST_TIMEOUT_MS = 30_000;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(100)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

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

  /** A session cancelled less than this many hours before it starts is flagged as a late cancellation. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(168)
  LATE_CANCELLATION_HOURS = 24;

  /** HS256 key for access tokens: at least 32 characters; required in production (generated in DATA_DIR otherwise). */
  @IsString()
  JWT_SECRET = '';

  @IsString()
  JWT_ISSUER = 'clinic-api';

  @IsString()
  JWT_AUDIENCE = 'clinic-api';

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(60)
  @Max(3600)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(90)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /**
   * A refresh token presented again this soon after its first use (two tabs refreshing at once)
   * gets the same new pair instead of revoking the sign-in (RFC 9700 §4.14.2).
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(60)
  REFRESH_GRACE_SECONDS = 5;

  /** Failed logins in a row that lock an account, and for how long. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES = 5;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  LOGIN_LOCK_MINUTES = 15;

  /** Login attempts per source address per minute. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  LOGIN_RATE_PER_MINUTE = 20;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(30)
  INVITATION_TTL_DAYS = 7;

  /** How long a password reset link works. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(5)
  @Max(24 * 60)
  PASSWORD_RESET_TTL_MINUTES = 60;

  /** Connection calls: length, free time around appointments, notice, how far ahead. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(5)
  @Max(120)
  CONNECTION_CALL_MINUTES = 20;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(120)
  BOOKING_BUFFER_MINUTES = 10;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(24 * 14)
  BOOKING_MIN_NOTICE_HOURS = 12;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(365)
  BOOKING_HORIZON_DAYS = 30;

  /** Public bookings per source address per hour, and per email per day (429 beyond). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  BOOKING_RATE_PER_HOUR_PER_ADDRESS = 10;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  BOOKING_RATE_PER_DAY_PER_EMAIL = 5;

  /** Future connection calls one email may hold at once (409 beyond). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  BOOKING_MAX_OPEN_PER_EMAIL = 2;

  /** How long an Idempotency-Key and its stored answer are kept. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(24 * 7)
  IDEMPOTENCY_TTL_HOURS = 24;

  /** Compute the repair report's recent months in the background at start (docs/reporting.md). */
  @Transform(toBoolean)
  @IsBoolean()
  REPAIR_REPORT_WARM_UP = true;

  /**
   * How often audit events are sealed into the hash chain (docs/privacy.md); the sealing lag stays
   * about this long. Every process runs the sealer, one at a time does the work; 0 turns it off here.
   */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(60_000)
  AUDIT_SEAL_INTERVAL_MS = 1000;

  /** Deliver outbox messages (emails, webhooks) from this process; any number of processes may. */
  @Transform(toBoolean)
  @IsBoolean()
  OUTBOX_ENABLED = true;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_POLL_MS = 1000;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(500)
  OUTBOX_BATCH_SIZE = 20;

  /** Attempts before a message is given up (failed_at set). */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  @Max(50)
  OUTBOX_MAX_ATTEMPTS = 8;

  /** First retry delay; each retry doubles it (with jitter) up to OUTBOX_BACKOFF_MAX_MS. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  OUTBOX_BACKOFF_BASE_MS = 30_000;

  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1)
  OUTBOX_BACKOFF_MAX_MS = 3_600_000;

  /** How long a claimed message is kept from other processes; a crashed claimer's messages are taken over after it. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(1000)
  OUTBOX_LEASE_MS = 30_000;

  /** Unset: emails are not sent, only noted in the log (event, id, masked recipient). */
  @IsOptional()
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_host: true })
  SMTP_URL?: string;

  @IsString()
  SMTP_FROM = 'Clinic <no-reply@clinic.invalid>';

  /** Notifications (docs/notifications.md). How long before a therapy session its reminders are due: `48h,2h`, `30m`; `none` sends none. */
  @Matches(/^(none|\s*\d{1,3}[hm]\s*(,\s*\d{1,3}[hm]\s*)*)$/, { message: 'a comma-separated list of durations such as 48h,2h or 30m, or none' })
  SESSION_REMINDER_OFFSETS = '48h,2h';

  /** How long before a connection call the person who booked it is reminded; `none` sends none. */
  @Matches(/^(none|\s*\d{1,3}[hm]\s*(,\s*\d{1,3}[hm]\s*)*)$/, { message: 'a comma-separated list of durations such as 24h or 90m, or none' })
  CALL_REMINDER_OFFSETS = '24h';

  /** `HH:MM-HH:MM` in the clinic's zone: reminders and portal notices due then wait until it ends; `none`: no quiet hours. */
  @Matches(/^(none|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/, { message: 'a range such as 21:00-08:00 in the clinic time zone, or none' })
  QUIET_HOURS = '21:00-08:00';

  // The clinic as it names itself: the signature of its emails and the head of its receipts
  // (docs/notifications.md, docs/billing.md "Receipts"), and how clients reach it.

  /** The clinic's name. */
  @IsString()
  @MaxLength(200)
  CLINIC_NAME = 'The clinic';

  /** The clinic's postal address, lines separated by `;` (e.g. `200 Bay Street, Suite 1200; Toronto, ON M5J 2J2`); printed on receipts. */
  @IsString()
  @MaxLength(500)
  CLINIC_ADDRESS = '';

  @IsString()
  @MaxLength(40)
  CLINIC_PHONE = '';

  @IsOptional()
  @IsEmail()
  CLINIC_EMAIL?: string;

  /** Derives each webhook's signing secret: at least 32 characters; required in production (generated in DATA_DIR otherwise). */
  @IsString()
  WEBHOOK_SECRET_KEY = '';

  /**
   * Comma-separated webhook hosts (names or addresses, as in the URL) exempt from the public-internet
   * rule, for on-premises receivers. Empty: webhooks reach only public addresses.
   */
  @IsString()
  WEBHOOK_ALLOWED_HOSTS = '';

  // Billing (docs/billing.md).

  /**
   * The clinic's GST/HST registration number as printed on invoices with a taxed line, e.g.
   * `123456789 RT0001`. Empty: no line may be taxed (a clinic not registered charges no HST).
   */
  @ValidateIf((env: Environment) => env.CLINIC_HST_NUMBER !== '')
  @Matches(/^\d{9} ?RT ?\d{4}$/, { message: 'CLINIC_HST_NUMBER must be a business number with its RT account, e.g. 123456789 RT0001' })
  CLINIC_HST_NUMBER = '';

  /** The clinic's policy: whether a late cancellation is charged (the `late_cancellation` fee). */
  @Transform(toBoolean)
  @IsBoolean()
  BILLING_CHARGE_LATE_CANCELLATIONS = true;

  /** The clinic's policy: whether a missed session (no-show) is charged (the `no_show` fee). */
  @Transform(toBoolean)
  @IsBoolean()
  BILLING_CHARGE_NO_SHOWS = true;

  /** Days from an invoice's issue to its due date; ageing counts from the due date. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(120)
  BILLING_PAYMENT_TERMS_DAYS = 30;


  /** First start with no admin: create this one. */
  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @IsOptional()
  @IsString()
  ADMIN_PASSWORD?: string;

  // Outcome measures (docs/outcomes.md)

  /** How often this process looks for scheduled questionnaires that fell due and tells the partners; 0 turns it off here. */
  @Transform(({ value }) => Number(value))
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  OUTCOME_NOTICE_SWEEP_MS = 900_000;
}

const OPTIONAL_KEYS = ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'CLINIC_EMAIL'];

export type AppConfig = Readonly<Environment>;

/**
 * The process environment, with `.env` (when present) filling in what is unset and, outside
 * production, generated keys in DATA_DIR for unset secrets; `note` receives a line to log about them.
 */
export function loadEnvironment(note: (line: string) => void = () => undefined): AppConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const generated = provideDevelopmentSecrets(process.env);
  if (generated) note(generated);
  return validateEnvironment(process.env);
}

/** What the app module validates: `raw`, with generated development keys for unset secrets outside production. */
export function validateRuntimeEnvironment(raw: Record<string, unknown>): AppConfig {
  provideDevelopmentSecrets(raw as Record<string, string | undefined>);
  return validateEnvironment(raw);
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
  const production = env.NODE_ENV === 'production';
  for (const name of GENERATED_SECRETS) {
    if (env[name].length >= 32) continue;
    problems.push(`${name}: set a random key of at least 32 characters${production ? ' (required in production)' : ', or leave it unset to have one generated in DATA_DIR'}`);
  }
  env.HOST ||= production ? '0.0.0.0' : '127.0.0.1';
  if (env.ADMIN_EMAIL && (env.ADMIN_PASSWORD ?? '').length < 12) {
    problems.push('ADMIN_PASSWORD: required with ADMIN_EMAIL, at least 12 characters');
  }
  if (problems.length) {
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return Object.freeze(env);
}
