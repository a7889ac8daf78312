import type { Client as PgClient } from 'pg';

/** What pg's own `query_timeout` reports, and what the API answers with 503 (database-errors.ts). */
const STATEMENT_DEADLINE_MESSAGE = 'Query read timeout';

type Callback = (this: unknown, ...results: unknown[]) => unknown;

/**
 * Ends a connection whose statement has waited longer than `deadlineMs` for its answer (a server or
 * network that stopped answering): every statement waiting on it fails with "Query read timeout",
 * and the pool opens a new connection for the next caller. Server-side limits (statement_timeout)
 * cannot help there, as the server is not answering at all.
 *
 * pg's own `query_timeout` does this with a timer armed and cleared for every statement. With those
 * timers, under load, V8 moved the statements' rows into the old generation, and the API spent about
 * a quarter of a page of sessions' CPU collecting them there (docs/performance.md). Here one timer per
 * pool looks at its connections a few times per deadline, and a statement costs a counter and a
 * callback wrapper. A connection is given up between `deadlineMs` and `deadlineMs` plus a quarter of
 * it (at most one second) after its answer was due.
 */
export function withStatementDeadline(Client: typeof PgClient, deadlineMs: number): typeof PgClient {
  /** The connections opened with this deadline and not yet ended. */
  const open = new Set<WatchedClient>();
  const every = Math.min(1000, Math.max(25, Math.floor(deadlineMs / 4)));
  let watch: NodeJS.Timeout | undefined;
  const look = () => {
    const now = Date.now();
    for (const client of open) client.giveUpIfLate(now);
  };

  class WatchedClient extends Client {
    /** Statements sent and not yet answered, and since when the oldest of them has waited. */
    private unanswered = 0;
    private waitingSince = 0;
    private givenUp = false;

    constructor(...config: ConstructorParameters<typeof PgClient>) {
      super(...config);
      open.add(this);
      // Unreferenced: it never keeps a process alive, and stops when the pool's last connection ends.
      watch ??= setInterval(look, every).unref();
      this.once('end', () => {
        open.delete(this);
        if (open.size === 0 && watch) watch = void clearInterval(watch);
      });
    }

    /** Called once per statement sent; the function it gives is called once its answer (or error) has come. */
    sent(): () => void {
      if (this.unanswered++ === 0) this.waitingSince = Date.now();
      let answered = false;
      return () => {
        if (answered) return;
        answered = true;
        // The next statement in this connection's queue is sent now.
        if (--this.unanswered > 0) this.waitingSince = Date.now();
      };
    }

    /** Ends the connection when its oldest unanswered statement has waited past the deadline. */
    giveUpIfLate(now: number): void {
      if (this.givenUp || this.unanswered === 0 || now - this.waitingSince < deadlineMs) return;
      this.givenUp = true;
      // pg fails every statement of a connection whose socket errs, and the pool drops it.
      (this as unknown as { connection: { stream: { destroy(error: Error): void } } }).connection.stream.destroy(new Error(STATEMENT_DEADLINE_MESSAGE));
    }
  }

  // pg's `query` takes a text or config with values and a callback, or a Query object (with a
  // callback of its own or one after it), or gives a promise: each way of hearing the answer is wrapped.
  (WatchedClient.prototype as unknown as { query: unknown }).query = function (this: WatchedClient, ...args: unknown[]) {
    const answered = this.sent();
    const afterAnswer = (callback: Callback): Callback =>
      function (this: unknown, ...results: unknown[]) {
        answered();
        return callback.apply(this, results);
      };
    const first = args[0] as { submit?: unknown; callback?: Callback } | undefined;
    const last = args.length - 1;
    if (typeof first?.submit === 'function') {
      // pg answers a Query object through its own callback, or else the one given after it.
      if (typeof first.callback === 'function') first.callback = afterAnswer(first.callback);
      else if (typeof args[1] === 'function') args[1] = afterAnswer(args[1] as Callback);
      else answered(); // a stream of rows without a callback: not watched
    } else if (typeof args[last] === 'function') {
      args[last] = afterAnswer(args[last] as Callback);
    }
    let result: unknown;
    try {
      // Looked up on each call, so the statement goes to pg's `query` as it is now.
      result = (Client.prototype.query as unknown as (this: PgClient, ...args: unknown[]) => unknown).apply(this, args);
    } catch (error) {
      answered();
      throw error;
    }
    if (typeof (result as Promise<unknown> | undefined)?.then === 'function') (result as Promise<unknown>).then(answered, answered);
    return result;
  };
  return WatchedClient;
}
