import { LoggerService } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { FastifyReply, FastifyRequest, LogController } from 'fastify';
import pino, { DestinationStream, Logger, LoggerOptions, SerializerFn } from 'pino';

/** Log lines are written once this many bytes have gathered… */
const LOG_BLOCK_BYTES = 4096;
/** …or after this many milliseconds. */
const LOG_FLUSH_MS = 100;

/**
 * Structured JSON logs. Requests are logged by route pattern, never by URL (URLs can carry
 * tokens and search terms), and never with headers or bodies. With `pretty` (development), the
 * same records are written as readable lines when pino-pretty is installed (a dev dependency).
 * `destination` (a file path) replaces standard output, written the same way (the benchmarks use /dev/null).
 */
export function createLogger(level: string, { pretty = false, destination }: { pretty?: boolean; destination?: string } = {}): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'clinic-api' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { log: withoutSecrets },
    serializers: SERIALIZERS,
  };
  // Standard output written asynchronously and in blocks: at info every request writes a line, and
  // one write per line costs each request a system call and a round trip to libuv's thread pool
  // (about 4 % of the CPU of a client read, docs/performance.md). Lines are kept until 4 KiB have
  // gathered or LOG_FLUSH_MS has passed, whichever comes first, so a quiet server's lines are still
  // written within that time. Whatever is kept when the process exits is written synchronously by
  // pino's exit handler (`logger.flush(done)` may call `done` while less than a block is still kept,
  // so start.ts exits after it and relies on that handler). A process killed outright (SIGKILL) loses
  // at most the kept block.
  const readable = pretty ? readableStream() : undefined;
  // A silent logger (the tests' apps) writes nothing, so it keeps no timer running.
  const periodicFlush = level === 'silent' ? 0 : LOG_FLUSH_MS;
  return pino(options, readable ?? pino.destination({ dest: destination ?? 1, sync: false, minLength: LOG_BLOCK_BYTES, periodicFlush }));
}

/** Never written at the top of a line or of a child logger's bindings: request parts (tokens, API keys, health information) and secrets. */
const NEVER_LOGGED = ['headers', 'body', 'password', 'token', 'authorization'];
/** Never written one level down either (`{ user: { password } }`, an error's own `token`). */
const SECRETS = new Set(['password', 'token', 'authorization']);

/**
 * A line's objects without their own secrets: the line as given when none holds one, which is every
 * line the API writes on purpose, else a copy with copies of those objects. With the serializers
 * that write nothing for NEVER_LOGGED, this is a safety net for a secret logged by mistake: it does
 * what pino's path redaction did with `headers`, `body`, `password`, `*.password`, `token`, `*.token`,
 * `authorization` and `*.authorization`, without parsing those paths again for every key of every
 * line (about 3 µs and 0.5 KB of garbage a line, docs/performance.md). The caller's objects are never
 * changed. Values with a serializer (`req`, `res`, `err`) are cleaned by it.
 */
export function withoutSecrets(line: Record<string, unknown>): Record<string, unknown> {
  let kept: Record<string, unknown> | undefined;
  for (const key in line) {
    if (key in SERIALIZERS || !Object.hasOwn(line, key)) continue;
    const value = line[key];
    const cleaned = withoutOwnSecrets(value);
    if (cleaned !== value) (kept ??= { ...line })[key] = cleaned;
  }
  return kept ?? line;
}

/** An object's own secrets left out (a copy), or the value itself when it has none. */
function withoutOwnSecrets(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || ArrayBuffer.isView(value)) return value;
  let kept: Record<string, unknown> | undefined;
  for (const key in value) {
    if (!SECRETS.has(key) || !Object.hasOwn(value, key)) continue;
    kept ??= { ...value };
    delete kept[key];
  }
  return kept ?? value;
}

/** How a line's request, answer and error are written, and the keys never written (a serializer that gives nothing). */
const SERIALIZERS: Record<string, SerializerFn> = {
  req: (req: { id?: string; method?: string; routeOptions?: { url?: string } }) => ({
    id: req.id,
    method: req.method,
    route: req.routeOptions?.url ?? 'unmatched',
  }),
  res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
  err: (error: Error) => withoutOwnSecrets(pino.stdSerializers.err(error)),
  ...Object.fromEntries(NEVER_LOGGED.map((key) => [key, () => undefined])),
};

/** pino-pretty on the main thread (sync: nothing is lost on exit), or undefined where it is not installed. */
function readableStream(): DestinationStream | undefined {
  let prettyFactory: (options: Record<string, unknown>) => DestinationStream;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    prettyFactory = require('pino-pretty');
  } catch {
    return undefined;
  }
  return prettyFactory({ sync: true, colorize: Boolean(process.stdout.isTTY), translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' });
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Every request's id is made here: it is what the audit trail records, so a caller can never choose it. */
export function requestId(): string {
  return randomUUID();
}

/** A caller's X-Request-Id, when sane: logged beside ours as their correlation id, never used as ours. */
export function callerCorrelationId(req: IncomingMessage): string | undefined {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : undefined;
}

/**
 * One log line per request, written when its answer has been sent: the request (id, method,
 * route), its status and how long it took. Fastify's default writes two (on arrival and on
 * completion), and at the production level, info, every line costs CPU on every request.
 */
export class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

/** Routes Nest's own messages into the same JSON log. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  // Nest's `log` level is mostly start-up chatter (mapped routes): keep it out of info.
  log(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  error(message: unknown, ...rest: unknown[]) {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    this.write('error', message, context);
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, context?: string) {
    if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...message });
    else this.logger[level]({ context }, String(message));
  }
}
