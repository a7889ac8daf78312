import { Statement } from './statement';

/** A feature's statements: functions from typed arguments to the statement(s) to run. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type QueryModule = Record<string, (...args: any[]) => Statement<unknown> | Statement<unknown>[]>;

/**
 * Arguments each statement is rendered with (docs in sql/, EXPLAIN in CI): at least one set per
 * statement, typed by the statement's own parameters, so a new statement cannot be left out.
 */
export type QueryExamples<Q extends QueryModule> = { [K in keyof Q]: [Parameters<Q[K]>, ...Parameters<Q[K]>[]] };

export interface RegisteredQueryModule {
  name: string;
  queries: QueryModule;
  examples: QueryExamples<QueryModule>;
}

const registry = new Map<string, RegisteredQueryModule>();

/**
 * Declares a feature's query module. Its statements are rendered to `sql/<name>.sql` by
 * `npm run queries` (checked in CI), EXPLAINed against the migrated schema by the query tests,
 * and checked for a caller scope or a named exemption on tables of personal health information.
 */
export function queryModule<Q extends QueryModule>(name: string, queries: Q, examples: QueryExamples<Q>): Q {
  if (registry.has(name) && registry.get(name)?.queries !== queries) throw new Error(`Two query modules are named ${name}.`);
  registry.set(name, { name, queries, examples: examples as unknown as QueryExamples<QueryModule> });
  return queries;
}

/** Every query module loaded so far, by name. */
export function registeredQueryModules(): RegisteredQueryModule[] {
  return [...registry.values()].sort((a, b) => a.name.localeCompare(b.name));
}
