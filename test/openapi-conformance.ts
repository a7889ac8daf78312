import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from './openapi-document';

type Schema = Record<string, unknown>;

const COMPONENTS_ID = 'openapi-components';

/**
 * Checks answers against the operation's declared schema for that status. Every object schema is
 * closed (`additionalProperties: false`) for the check, so a field the document does not declare —
 * a password hash, a token, another client's data — fails instead of slipping through.
 */
export class ResponseConformance {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Mismatches seen so far, one line each. */
  readonly mismatches: string[] = [];

  constructor(private readonly document: OpenApiDocument) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: COMPONENTS_ID, components: { schemas: toJsonSchema(document.components.schemas) } });
  }

  /**
   * @param route the route pattern as Fastify knows it (`/api/v1/clients/:id`)
   * @returns what is wrong with the answer, or undefined when it conforms (or is no API operation)
   */
  check(method: string, route: string, status: number, contentType: string | undefined, body: string, headers: string[] = []): string | undefined {
    const path = route.replace(/:(\w+)/g, '{$1}');
    const operation = this.document.paths[path]?.[method.toLowerCase()];
    if (!operation) return undefined;
    const where = `${method.toUpperCase()} ${path} → ${status}`;
    const response = operation.responses[String(status)];
    if (!response) return `${where}: status not declared (declared: ${Object.keys(operation.responses).join(', ')})`;
    const declared = Object.keys(response.headers ?? {}).map((h) => h.toLowerCase());
    const undeclared = headers.map((h) => h.toLowerCase()).filter((h) => !GENERAL_HEADERS.has(h) && !h.startsWith('access-control-') && !declared.includes(h));
    if (undeclared.length) return `${where}: header ${undeclared.join(', ')} not declared`;
    if (status === 204 || body.length === 0) return undefined;
    const media = (contentType ?? '').split(';')[0].trim();
    const declaredMedia = response.content?.[media];
    if (!declaredMedia) return `${where}: content type ${media || '(none)'} not declared (declared: ${Object.keys(response.content ?? {}).join(', ') || 'none'})`;
    if (!media.endsWith('json') || !declaredMedia.schema) return undefined;
    const validate = this.validator(`${where} ${media}`, declaredMedia.schema);
    if (validate(JSON.parse(body))) return undefined;
    const errors = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}${e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : ''}`);
    return `${where}: ${errors.join('; ')}`;
  }

  /** Checks and remembers the mismatch, for TestApp.close() to report. */
  record(testName: string | undefined, ...args: Parameters<ResponseConformance['check']>): void {
    const mismatch = this.check(...args);
    if (mismatch) this.mismatches.push(`${testName ?? '(outside a test)'}: ${mismatch}`);
  }

  private validator(key: string, schema: Schema): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as Schema);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

/**
 * Whether a request body conforms to the operation's declared body schema (objects closed, as the
 * API refuses unknown fields).
 */
export function requestBodyConformance(document: OpenApiDocument, method: string, path: string): (body: unknown) => boolean {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: COMPONENTS_ID, components: { schemas: toJsonSchema(document.components.schemas) } });
  const content = (document.paths[path][method].requestBody as { content: Record<string, { schema: Schema }> }).content;
  const validate = ajv.compile(toJsonSchema(content['application/json'].schema) as Schema);
  return (body) => validate(body);
}

/**
 * Headers any HTTP server or the security and CORS middleware may send; every other header an
 * answer carries is the API's own and must be declared on that answer.
 */
const GENERAL_HEADERS = new Set([
  'content-type', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'vary', 'cache-control', 'pragma', 'etag',
  'content-security-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'cross-origin-embedder-policy',
  'origin-agent-cluster', 'referrer-policy', 'strict-transport-security', 'x-content-type-options', 'x-dns-prefetch-control',
  'x-download-options', 'x-frame-options', 'x-permitted-cross-domain-policies', 'x-xss-protection',
]);

/** OpenAPI 3.0 schema → JSON Schema for ajv: `nullable` as a null alternative, objects closed, refs to the components. */
export function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const source = node as Schema;
  const schema: Schema = {};
  for (const [key, value] of Object.entries(source)) {
    if (key === '$ref' && typeof value === 'string') schema.$ref = value.replace('#/components/schemas/', `${COMPONENTS_ID}#/components/schemas/`);
    else if (key === 'example' || key === 'nullable') continue;
    else if (key === 'properties') schema.properties = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, toJsonSchema(v)]));
    else schema[key] = toJsonSchema(value);
  }
  const composed = Boolean(schema.allOf || schema.anyOf || schema.oneOf || schema.$ref);
  const isObject = !composed && (schema.type === 'object' || schema.properties !== undefined);
  if (isObject && schema.additionalProperties === undefined) schema.additionalProperties = false;
  if (source.nullable !== true) return schema;
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  if (typeof schema.type === 'string' && !schema.allOf && !schema.$ref) return { ...schema, type: [schema.type, 'null'] };
  return { anyOf: [{ type: 'null' }, schema] };
}
