import type { FastifyServerOptions } from 'fastify';
import { createRequire } from 'node:module';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type ValidatorFactory = NonNullable<CompilersFactory['buildValidator']>;
type SerializerFactory = NonNullable<CompilersFactory['buildSerializer']>;

// Fastify's own dependencies, found from where Fastify is installed.
const fromFastify = createRequire(require.resolve('fastify'));
let validatorFactory: ValidatorFactory | undefined;
let serializerFactory: SerializerFactory | undefined;

/**
 * Fastify's route-schema compilers (Ajv, fast-json-stringify), loaded the first time a route has a
 * Fastify schema instead of when Fastify is created: loading them was about 50 ms of every start
 * (docs/performance.md), and no route here has one. Requests are checked by Nest's pipes and
 * answers written by the API's answer writer; a route given a schema one day still gets Fastify's
 * usual compilers, then.
 */
export const SCHEMA_COMPILERS_WHEN_NEEDED: CompilersFactory = {
  buildValidator: (...args) => {
    validatorFactory ??= (fromFastify('@fastify/ajv-compiler') as () => ValidatorFactory)();
    return validatorFactory(...args);
  },
  buildSerializer: (...args) => {
    serializerFactory ??= (fromFastify('@fastify/fast-json-stringify-compiler') as () => SerializerFactory)();
    return serializerFactory(...args);
  },
};
