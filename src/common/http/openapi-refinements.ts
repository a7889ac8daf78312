import type { OpenAPIObject } from '@nestjs/swagger';

// Finishing touches on the generated document that decorators cannot express, each one true of
// every route it touches. They only describe the API; none changes what it does.

type Schema = Record<string, unknown>;
type Operation = { parameters?: Schema[]; requestBody?: unknown; responses: Record<string, Schema>; security?: Record<string, string[]>[] };

const PROBLEM = 'application/problem+json';
const PROBLEM_SCHEMA = { $ref: '#/components/schemas/ProblemDetails' };
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** A UUID is 36 characters; a calendar date (YYYY-MM-DD) 10. */
const LENGTH_OF_FORMAT: Record<string, number> = { uuid: 36, date: 10 };

/**
 * The longest instant the API writes: `Date#toISOString()` (24 characters) or an instant with
 * milliseconds and an offset such as `2026-12-01T09:00:00.000-05:00` (29). Applied to answers only;
 * request fields declare what their validator accepts.
 */
const MAX_INSTANT_LENGTH = 29;

export function refineOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  const requestSchemas = schemasReachedFromRequests(document);
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  for (const [name, schema] of Object.entries(schemas)) {
    limitStrings(schema, !requestSchemas.has(name));
    for (const property of Object.values((schema.properties ?? {}) as Record<string, Schema>)) typeNullableReference(property, schemas);
  }
  for (const item of Object.values(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const operation = value as Operation;
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'path') describePathParameter(parameter);
        limitStrings(parameter.schema as Schema, false);
      }
      publicAsEmptyRequirement(operation);
      declareGenericProblems(operation);
      for (const [status, response] of Object.entries(operation.responses)) {
        problemContent(status, response);
        for (const media of Object.values((response.content ?? {}) as Record<string, { schema?: Schema }>)) {
          if (media.schema) limitStrings(media.schema, true);
        }
      }
    }
  }
  return document;
}

/**
 * Every `:id` and `:somethingId` route parameter goes through ParseUUIDPipe (the others are the
 * secret `:token` and `:file`), and Fastify's router refuses any parameter over
 * `maxParamLength` (100 characters) before any handler runs.
 */
const MAX_PATH_PARAMETER_LENGTH = 100;

function describePathParameter(parameter: Schema): void {
  const schema = (parameter.schema ?? {}) as Schema;
  if (schema.type !== 'string') return;
  if (/^(id|\w+Id)$/.test(String(parameter.name))) schema.format ??= 'uuid';
  else schema.maxLength ??= MAX_PATH_PARAMETER_LENGTH;
}

/** `@Public()` marks a route with the placeholder scheme `public`; OpenAPI says "no credentials" with `{}`. */
function publicAsEmptyRequirement(operation: Operation): void {
  if (!operation.security) return;
  operation.security = operation.security.map((requirement) => ('public' in requirement ? {} : requirement));
}

/** What any route may answer: 400 when it takes input, 413 and 415 when it takes a body, 500 always. */
function declareGenericProblems(operation: Operation): void {
  const takesInput = Boolean(operation.requestBody) || (operation.parameters ?? []).some((p) => p.in === 'query' || p.in === 'path');
  const add = (status: string, description: string) => {
    operation.responses[status] ??= { description, content: { [PROBLEM]: { schema: PROBLEM_SCHEMA } } };
  };
  if (takesInput) add('400', 'Malformed id, query or body');
  if (operation.requestBody) {
    add('413', 'The body is larger than the configured limit');
    add('415', 'The body is not JSON');
  }
  add('500', 'An unexpected error; it is logged with the request id, never sent');
  // Idempotency-Key: a request still running with the key (409), the key reused with another body (422).
  if ((operation.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key')) {
    add('409', 'A request with this Idempotency-Key is still running, or the change conflicts with the current state');
    add('422', 'The Idempotency-Key was used with another body, or the values break a rule of the record');
  }
}

/**
 * Nest writes a nullable enum as `{ nullable: true, allOf: [{ $ref }] }`; OpenAPI 3.0 wants `type`
 * beside `nullable`, so it is copied from the referenced schema, with its values and null.
 */
function typeNullableReference(schema: Schema, schemas: Record<string, Schema>): void {
  const parts = schema.allOf as Schema[] | undefined;
  if (!schema.nullable || schema.type || parts?.length !== 1 || typeof parts[0].$ref !== 'string') return;
  const target = schemas[(parts[0].$ref as string).replace('#/components/schemas/', '')];
  if (target?.type) schema.type = target.type;
  if (Array.isArray(target?.enum)) schema.enum = [...(target.enum as unknown[]), null];
}

/**
 * Every error is problem+json (RFC 9457) with the ProblemDetails shape: ProblemFilter writes them
 * all, whatever the route produces when it succeeds (text/calendar, CSV) or what a library
 * decorator (terminus' 503) declared.
 */
function problemContent(status: string, response: Schema): void {
  if (/^[45]/.test(status)) response.content = { [PROBLEM]: { schema: PROBLEM_SCHEMA } };
}

/** Adds the lengths that follow from a string's format (uuid, date; instants in answers). */
function limitStrings(schema: Schema | undefined, inAnswer: boolean): void {
  if (!schema || typeof schema !== 'object') return;
  if (schema.type === 'string' && schema.maxLength === undefined && schema.enum === undefined) {
    const format = schema.format as string | undefined;
    if (format && LENGTH_OF_FORMAT[format]) schema.maxLength = LENGTH_OF_FORMAT[format];
    else if (format === 'date-time' && inAnswer) schema.maxLength = MAX_INSTANT_LENGTH;
  }
  for (const key of ['items', 'additionalProperties']) limitStrings(schema[key] as Schema, inAnswer);
  for (const key of ['allOf', 'anyOf', 'oneOf']) for (const part of (schema[key] as Schema[] | undefined) ?? []) limitStrings(part, inAnswer);
  for (const property of Object.values((schema.properties ?? {}) as Record<string, Schema>)) limitStrings(property, inAnswer);
}

/** Names of component schemas that a request body or parameter uses, directly or through others. */
function schemasReachedFromRequests(document: OpenAPIObject): Set<string> {
  const reached = new Set<string>();
  const schemas = (document.components?.schemas ?? {}) as Record<string, unknown>;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const name = value.replace('#/components/schemas/', '');
        if (!reached.has(name)) {
          reached.add(name);
          visit(schemas[name]);
        }
      } else visit(value);
    }
  };
  for (const item of Object.values(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const operation = value as Operation;
      visit(operation.requestBody);
      visit(operation.parameters);
    }
  }
  return reached;
}
