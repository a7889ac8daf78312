import { Client as PgClient, ClientConfig } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { CONNECTION_OPTIONS } from './connection-options';
import { withStatementDeadline } from './statement-deadline';

/** Bounded waits on the database (docs/operations.md); any that runs out ends the request in a 503. */
export interface DatabaseLimits {
  connectTimeoutMs: number;
  /** Waiting for a free connection of the pool. */
  acquireTimeoutMs: number;
  /** Server-side, per statement. */
  statementTimeoutMs?: number;
  /** Client-side, per statement: a connection that stops answering (a frozen network) gives up here. */
  queryTimeoutMs?: number;
  idleInTransactionTimeoutMs?: number;
}

/** Tools (migrations, the admin tool) wait on connections as the app does, but may run long statements. */
const TOOL_LIMITS: DatabaseLimits = { connectTimeoutMs: 5000, acquireTimeoutMs: 30_000 };

type LimitSetting =
  | 'DATABASE_CONNECT_TIMEOUT_MS'
  | 'DATABASE_ACQUIRE_TIMEOUT_MS'
  | 'DATABASE_STATEMENT_TIMEOUT_MS'
  | 'DATABASE_QUERY_TIMEOUT_MS'
  | 'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS';

/** The limits the API runs with, from its configuration. */
export function apiLimits(setting: (name: LimitSetting) => number): DatabaseLimits {
  return {
    connectTimeoutMs: setting('DATABASE_CONNECT_TIMEOUT_MS'),
    acquireTimeoutMs: setting('DATABASE_ACQUIRE_TIMEOUT_MS'),
    statementTimeoutMs: setting('DATABASE_STATEMENT_TIMEOUT_MS'),
    queryTimeoutMs: setting('DATABASE_QUERY_TIMEOUT_MS'),
    idleInTransactionTimeoutMs: setting('DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS'),
  };
}

/**
 * The pool's connections. pg-pool uses one `connectionTimeoutMillis` both for opening a connection
 * and for waiting in its queue: the pool gets the acquire limit, each connection the connect limit.
 * A backend terminated while its connection is between owners (being released, already discarded)
 * emits 'error' with no one listening, which would end the process: each connection always listens.
 * With a statement deadline, a connection whose statement goes unanswered that long is ended
 * (statement-deadline.ts).
 */
function poolClient(connectTimeoutMs: number, statementDeadlineMs?: number): typeof PgClient {
  const Client = class extends PgClient {
    constructor(config?: ClientConfig) {
      super({ ...config, connectionTimeoutMillis: connectTimeoutMs });
      this.on('error', () => undefined);
    }
  };
  return statementDeadlineMs ? withStatementDeadline(Client, statementDeadlineMs) : Client;
}

/**
 * The API's TypeORM configuration: its connections and nothing more. The API reads and writes
 * through its own statements (the `*.queries.ts` modules), never through the entities, so it does
 * not build their metadata, nor even load them, at every start (docs/performance.md); the entities
 * and the migrations belong to the tools (`createDataSource` in `tool-data-source.ts`).
 */
export function dataSourceOptions(url: string, poolSize = 10, limits: DatabaseLimits = TOOL_LIMITS): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    // gen_random_uuid() is built in; extensions are created by migrations, not at connect.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: poolSize,
      application_name: 'clinic-api',
      Client: poolClient(limits.connectTimeoutMs, limits.queryTimeoutMs),
      connectionTimeoutMillis: limits.acquireTimeoutMs,
      // A peer that vanished without closing (a dead host, a dropped NAT entry) is noticed.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      options: CONNECTION_OPTIONS,
      statement_timeout: limits.statementTimeoutMs,
      idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
    },
  };
}
