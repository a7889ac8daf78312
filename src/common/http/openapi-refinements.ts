import type { OpenAPIObject } from '@nestjs/swagger';
import { documentVariants } from './api-variants';
import { CREATED_LOCATIONS } from './created-location';
import { RETRY_AFTER_HEADER } from './api-responses';
import { OPERATION_DESCRIPTIONS } from './operation-descriptions';
import { webhookCalls } from '../../webhooks/webhook-openapi';

// Finishing touches on the generated document that decorators cannot express, each one true of
// every route it touches. They only describe the API; none changes what it does.

type Schema = Record<string, unknown>;
type Operation = {
  operationId?: string;
  description?: string;
  parameters?: Schema[];
  requestBody?: unknown;
  responses: Record<string, Schema>;
  security?: Record<string, string[]>[];
  'x-roles'?: string[];
  'x-scopes'?: string[];
};

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
    eachSchema(schema, (part) => nullableReference(part, schemas));
  }
  documentVariants(schemas);
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, value] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const operation = value as Operation;
      operation.parameters = (operation.parameters ?? []).filter((p) => !(p.in === 'header' && IGNORED_HEADERS.includes(String(p.name).toLowerCase())));
      for (const parameter of operation.parameters) {
        if (parameter.in === 'path') describePathParameter(parameter, path);
        parameter.description ??= PARAMETER_DESCRIPTIONS[`${operation.operationId}.${String(parameter.name)}`] ?? PARAMETER_DESCRIPTIONS[String(parameter.name)];
        limitStrings(parameter.schema as Schema, false);
      }
      describeOperation(operation);
      publicAsEmptyRequirement(operation);
      declareGenericProblems(operation, path, method);
      for (const [status, response] of Object.entries(operation.responses)) {
        problemContent(status, response);
        declareHeaders(operation, status, response, method === 'post' ? CREATED_LOCATIONS[path] : undefined);
        for (const media of Object.values((response.content ?? {}) as Record<string, { schema?: Schema }>)) {
          if (media.schema) {
            limitStrings(media.schema, true);
            eachSchema(media.schema, (part) => nullableReference(part, schemas));
          }
        }
      }
    }
  }
  (document as OpenAPIObject & { 'x-webhooks'?: unknown })['x-webhooks'] = webhookCalls();
  return document;
}

/**
 * Every `:id` and `:somethingId` route parameter goes through UuidParam (the others are the
 * secret `:token` and `:file`), and Fastify's router refuses any parameter over
 * `maxParamLength` (100 characters) before any handler runs.
 */
const MAX_PATH_PARAMETER_LENGTH = 100;

function describePathParameter(parameter: Schema, path: string): void {
  const schema = (parameter.schema ?? {}) as Schema;
  if (parameter.name === 'id') {
    const collection = /\/([\w-]+)\/\{id\}/.exec(path)?.[1] ?? '';
    parameter.description ??= `The ${RECORD_OF_COLLECTION[collection] ?? 'record'}'s id`;
  }
  if (schema.type !== 'string') return;
  if (/^(id|\w+Id)$/.test(String(parameter.name))) schema.format ??= 'uuid';
  else schema.maxLength ??= MAX_PATH_PARAMETER_LENGTH;
}

/** What the record behind `/<collection>/{id}` is called. */
const RECORD_OF_COLLECTION: Record<string, string> = {
  users: 'account',
  'api-keys': 'integration key',
  clients: 'client',
  couples: 'couple',
  sessions: 'session',
  ruptures: 'rupture',
  therapists: 'therapist',
  'connection-calls': 'connection call',
  webhooks: 'webhook',
  'outcome-assignments': 'outcome assignment',
  'outcome-responses': 'outcome response',
  deliveries: 'delivery',
  'fee-schedule': 'service type',
  invoices: 'invoice',
  payments: 'payment',
};

/**
 * Parameters the controllers leave undescribed, by `operationId.name` or, when they mean the same
 * everywhere, by name alone.
 */
const PARAMETER_DESCRIPTIONS: Record<string, string> = {
  limit: 'Items per page, 1–100 (default 20)',
  cursor: 'The `nextCursor` of the previous page; absent for the first page',
  attemptId: 'The repair attempt’s id',
  timeOffId: 'The time off’s id',
  token: 'The secret of the manage link sent to the person who booked',
  file: 'The secret feed file name, `<token>.ics`, from POST /calendar/feed',
  status: 'Only records with this status',
  'listUsers.role': 'Only accounts with this role',
  'listClients.includeArchived': 'Include archived clients (left out by default)',
  'listAuditEvents.action': 'Only events of this action',
  'listAuditEvents.from': 'Only events at or after this instant',
  from: 'Start of the window (inclusive)',
  to: 'End of the window (exclusive); after `from` when both are given (400 otherwise)',
  stage: 'Only ruptures at this stage of the repair cycle',
  severity: 'Only ruptures of this severity',
  'getConnectionCallAvailability.modality': 'Only slots offered in this modality',
  'getConnectionCallAvailability.therapistId': 'Only this therapist’s slots (all bookable therapists when absent)',
  groupBy: 'The period each row covers',
  'listDeadLetters.channel': 'Only deliveries on this channel',
  'listDeadLetters.event': 'Only deliveries of this event',
  'listFeeSchedule.includeRetired': 'Include retired service types (left out by default)',
  'listInvoices.clientId': 'Only invoices billed to this client',
  'listInvoices.coupleId': 'Only invoices for this couple’s sessions',
  'listPayments.clientId': 'Only payments of this payer',
  format: '`csv` for a CSV download (same as `Accept: text/csv`); JSON when absent',
};

/** OpenAPI says these header parameters are ignored: media types and credentials are described elsewhere. */
const IGNORED_HEADERS = ['accept', 'content-type', 'authorization'];

/** The operation's description from the table, followed by who may call it, from its own guards' metadata. */
function describeOperation(operation: Operation): void {
  const words = operation.description ?? OPERATION_DESCRIPTIONS[operation.operationId ?? ''];
  const roles = operation['x-roles'];
  const scopes = operation['x-scopes'];
  const callers = [
    roles ? `signed-in ${listOf(roles.map((r) => `${r}s`))}` : undefined,
    scopes ? `integration keys with ${listOf(scopes, 'or')}` : undefined,
  ].filter(Boolean);
  const who = callers.length ? `Callers: ${callers.join('; ')}.` : operation.security?.some((r) => 'public' in r) ? 'Anyone may call it, without credentials.' : undefined;
  const text = [words, who].filter(Boolean).join('\n\n');
  if (text) operation.description = text;
}

function listOf(items: string[], last = 'and'): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

/** `X-Request-Id` is on every answer. */
const REQUEST_ID_HEADER = {
  'X-Request-Id': {
    description: 'The request id (also the problem `instance`); quote it when reporting a problem. A valid id sent by the caller is kept.',
    required: true,
    schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]{1,128}$' },
  },
};

const IDEMPOTENCY_REPLAYED_HEADER = {
  'Idempotency-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key and body',
    schema: { type: 'string', enum: ['true'] },
  },
};

/**
 * Declares the headers the API sends: the request id always, Retry-After with 429, replay marks on
 * idempotent answers, Location with the 201 of a create whose record has an address.
 */
function declareHeaders(operation: Operation, status: string, response: Schema, location: string | undefined): void {
  const headers = (response.headers ?? {}) as Record<string, unknown>;
  Object.assign(headers, REQUEST_ID_HEADER);
  if (location && status === '201') {
    headers.Location = { description: `The created record's address, \`${location}\``, required: true, schema: { type: 'string', format: 'uri-reference', maxLength: 200 } };
  }
  if (status === '429') Object.assign(headers, RETRY_AFTER_HEADER);
  const idempotent = (operation.parameters ?? []).some((p) => p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key');
  if (idempotent && /^2/.test(status)) Object.assign(headers, IDEMPOTENCY_REPLAYED_HEADER);
  response.headers = headers;
}

/** `@Public()` marks a route with the placeholder scheme `public`; OpenAPI says "no credentials" with `{}`. */
function publicAsEmptyRequirement(operation: Operation): void {
  if (!operation.security) return;
  operation.security = operation.security.map((requirement) => ('public' in requirement ? {} : requirement));
}

/**
 * What any route may answer: 400 when it takes input; 413 and 415 when it takes a body; 409 and
 * 422 when it writes (the database's unique, reference and check constraints answer those on
 * any write); 503 when the database is unreachable (every route but liveness); 500 always.
 */
function declareGenericProblems(operation: Operation, path: string, method: string): void {
  const takesInput = Boolean(operation.requestBody) || (operation.parameters ?? []).some((p) => p.in === 'query' || p.in === 'path');
  const add = (status: string, description: string) => {
    operation.responses[status] ??= { description, content: { [PROBLEM]: { schema: PROBLEM_SCHEMA } } };
  };
  if (takesInput) add('400', 'Malformed id, query or body');
  if (operation.requestBody) {
    add('413', 'The body is larger than the configured limit');
    add('415', 'The body is not JSON');
  }
  if (method !== 'get') {
    add('409', 'The change conflicts with the current state or another record');
    add('422', 'The values break a rule of the record');
  }
  if (path !== '/health/live') add('503', 'The database is unavailable; retry shortly');
  add('500', 'An unexpected error; it is logged with the request id, never sent');
  // Idempotency-Key: a request still running with the key (409), the key reused with another body (422).
  if ((operation.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key')) {
    add('409', 'A request with this Idempotency-Key is still running, or the change conflicts with the current state');
    add('422', 'The Idempotency-Key was used with another body, or the values break a rule of the record');
  }
}

/**
 * A nullable reference or enum, written so that every reader agrees null is allowed. Nest writes
 * `{ nullable: true, allOf: [{ $ref }] }`, which OpenAPI 3.0 readers (Prism, Portman) take as "not
 * nullable": the referenced schema refuses null. Prism adds null to the `enum` of a nullable schema
 * and cannot compile one that already lists it (it then skips the whole answer), while Portman
 * and OpenAPI 3.0.3 need null listed. So: a referenced object becomes
 * `{ type: 'object', nullable: true, anyOf: [{ $ref }, { enum: [null] }] }`; an enum keeps `type`
 * and `nullable` and moves its values, null included, into an `allOf` part that no reader rewrites.
 */
function nullableReference(schema: Schema, schemas: Record<string, Schema>): void {
  if (!schema.nullable) return;
  const parts = schema.allOf as Schema[] | undefined;
  const reference = parts?.length === 1 && typeof parts[0].$ref === 'string' ? (parts[0].$ref as string) : undefined;
  const target = reference ? schemas[reference.replace('#/components/schemas/', '')] : schema;
  if (Array.isArray(target?.enum)) {
    const values = (target.enum as unknown[]).filter((v) => v !== null);
    delete schema.enum;
    schema.type = target.type ?? 'string';
    schema.allOf = [{ enum: [...values, null] }];
    if (schema.type === 'string') schema.maxLength ??= Math.max(...values.map((v) => String(v).length));
  } else if (reference) {
    delete schema.allOf;
    schema.type = 'object';
    schema.anyOf = [{ $ref: reference }, { enum: [null] }];
  }
}

/** Applies `refine` to a schema and every schema inside it. */
function eachSchema(schema: Schema | undefined, refine: (schema: Schema) => void): void {
  if (!schema || typeof schema !== 'object') return;
  refine(schema);
  for (const key of ['items', 'additionalProperties', 'not']) eachSchema(schema[key] as Schema, refine);
  for (const key of ['allOf', 'anyOf', 'oneOf']) for (const part of (schema[key] as Schema[] | undefined) ?? []) eachSchema(part, refine);
  for (const property of Object.values((schema.properties ?? {}) as Record<string, Schema>)) eachSchema(property, refine);
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
