import { queryModule } from '../database/query-module';
import { statement } from '../database/statement';

/** What the readiness check asks the database. */
export const healthQueries = queryModule(
  'health',
  {
    /** The database answers a statement (on a connection from the API's own pool). */
    ping() {
      return statement<{ up: number }>('SELECT 1 AS up', []);
    },
  },
  { ping: [[]] },
);
