/*
 * Preloaded into a benchmarked server (`node -r .../statement-counter.js`): counts every statement
 * sent through `pg` and answers the count over the IPC channel. The local PostgreSQL does not load
 * pg_stat_statements, and this needs no hook in the API's own code.
 */
import { Client } from 'pg';

let statements = 0;
const original = Client.prototype.query;
Client.prototype.query = function (this: Client, ...args: unknown[]) {
  statements++;
  return (original as (...a: unknown[]) => unknown).apply(this, args);
} as typeof original;

process.on('message', (message: unknown) => {
  if (message === 'statements?') process.send?.({ statements });
});
// The IPC channel must not keep a server alive that was asked to stop.
process.channel?.unref();
