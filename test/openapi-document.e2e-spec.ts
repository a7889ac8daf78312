import { convertUnsupportedJsonSchemaProperties } from '@apideck/portman/dist/application/tests/testResponseJsonSchema';
import $RefParser from '@stoplight/json-schema-ref-parser';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http/dist/utils/operations';
import Ajv from 'ajv';
import request from 'supertest';
import { createCouple } from './clinic-factories';
import { createTherapist, loginAs } from './factories';
import { requestBodyConformance } from './openapi-conformance';
import { OpenApiDocument, servedOpenApi } from './openapi-document';
import { recognizeRupture, reportRupture } from './rupture-factories';
import { API, futureSlot, PLACE } from './session-factories';
import { useApp } from './use-app';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
type Schema = Record<string, unknown>;

/** Ajv as Prism and Portman configure it: a schema that does not compile is silently not checked. */
const thirdPartyAjv = (() => {
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: false, logger: false });
  return () => ajv;
})();

describe('the OpenAPI document', () => {
  const t = useApp();
  let document: OpenApiDocument;
  beforeAll(async () => {
    document = await servedOpenApi(t);
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, path, method, operation })),
    );

  it('gives every operation a unique camelCase operationId, a summary, a tag and its security', () => {
    const ids = operations().map((o) => o.operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
    expect(operations().filter((o) => !o.operation.summary).map((o) => o.route)).toEqual([]);
    expect(operations().filter((o) => !o.operation.tags?.length).map((o) => o.route)).toEqual([]);
    expect(operations().filter((o) => !o.operation.security).map((o) => o.route)).toEqual([]);
  });

  it('describes every tag it uses', () => {
    const described = new Set((document.tags ?? []).filter((tag) => tag.description).map((tag) => tag.name));
    const used = new Set(operations().flatMap((o) => o.operation.tags ?? []));
    expect([...used].filter((tag) => !described.has(tag))).toEqual([]);
  });

  it('describes every operation and every parameter, and says who may call each operation', () => {
    expect(operations().filter((o) => !o.operation.description?.trim()).map((o) => o.route)).toEqual([]);
    const undescribed = operations().flatMap((o) => (o.operation.parameters ?? []).filter((p) => !String(p.description ?? '').trim()).map((p) => `${o.route} ${String(p.in)} ${String(p.name)}`));
    expect(undescribed).toEqual([]);
    const silentOnCallers = operations().filter((o) => !/Callers: |Anyone may call it/.test(o.operation.description ?? '')).map((o) => o.route);
    expect(silentOnCallers).toEqual([]);
  });

  it('declares no Accept, Content-Type or Authorization header parameter (OpenAPI tells tools to ignore them)', () => {
    const ignored = operations().flatMap((o) =>
      (o.operation.parameters ?? []).filter((p) => p.in === 'header' && ['accept', 'content-type', 'authorization'].includes(String(p.name).toLowerCase())).map(() => o.route),
    );
    expect(ignored).toEqual([]);
  });

  it('declares the headers the API sends: X-Request-Id on every answer, Retry-After with 429, Idempotency-Replayed where Idempotency-Key is taken', () => {
    const missing: string[] = [];
    for (const o of operations()) {
      const idempotent = (o.operation.parameters ?? []).some((p) => p.in === 'header' && String(p.name).toLowerCase() === 'idempotency-key');
      for (const [status, response] of Object.entries(o.operation.responses)) {
        const names = Object.keys(response.headers ?? {}).map((n) => n.toLowerCase());
        if (!names.includes('x-request-id')) missing.push(`${o.route} ${status} X-Request-Id`);
        if (status === '429' && !names.includes('retry-after')) missing.push(`${o.route} 429 Retry-After`);
        if (idempotent && /^2/.test(status) && !names.includes('idempotency-replayed')) missing.push(`${o.route} ${status} Idempotency-Replayed`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('answers a create with the address of the created record in Location, and declares it', async () => {
    const therapist = await createTherapist(t);
    const auth = (await loginAs(t, therapist)).auth;
    const created = await request(t.http).post(`${API}/clients`).set(auth).send({ legalName: 'Alexandra Tremblay', dateOfBirth: '1988-04-17' }).expect(201);
    expect(created.headers.location).toBe(`${API}/clients/${created.body.id}`);
    const read = await request(t.http).get(created.headers.location).set(auth).expect(200);
    expect(read.body.id).toBe(created.body.id);
    const declared = ['/api/v1/users', '/api/v1/clients', '/api/v1/couples', '/api/v1/couples/{id}/ruptures'].filter((path) => !document.paths[path].post.responses['201'].headers?.Location);
    expect(declared).toEqual([]);
  });

  it('lists the 4xx a write can answer from the database (409, 422) and the 503 of every route that uses it', () => {
    const route = (method: string, path: string) => document.paths[path][method].responses;
    expect(Object.keys(route('patch', '/api/v1/users/{id}'))).toEqual(expect.arrayContaining(['409', '422']));
    expect(Object.keys(route('patch', '/api/v1/clients/{id}'))).toEqual(expect.arrayContaining(['409', '422']));
    const writesWithout = operations().filter((o) => o.method !== 'get' && !('422' in o.operation.responses && '409' in o.operation.responses)).map((o) => o.route);
    expect(writesWithout).toEqual([]);
    expect(operations().filter((o) => o.path !== '/health/live' && !('503' in o.operation.responses)).map((o) => o.route)).toEqual([]);
  });

  it('compiles every request and answer schema as Prism reads it (Prism skips the checks of a schema it cannot compile)', async () => {
    const failures: string[] = [];
    for (const operation of await getHttpOperationsFromSpec(structuredClone(document))) {
      const bundle = (operation as unknown as { __bundled__?: unknown }).__bundled__;
      const bodies = [
        ...(operation.request?.body?.contents ?? []).map((c) => ({ where: 'request', schema: c.schema })),
        ...operation.responses.flatMap((r) => (r.contents ?? []).map((c) => ({ where: r.code, schema: c.schema }))),
      ];
      for (const { where, schema } of bodies) {
        if (!schema) continue;
        try {
          thirdPartyAjv().compile({ ...(schema as Schema), __bundled__: bundle });
        } catch (e) {
          failures.push(`${operation.method.toUpperCase()} ${operation.path} ${where}: ${(e as Error).message.slice(0, 160)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('lets every nullable property be null, as Prism and Portman read it', async () => {
    const nullable = Object.entries(document.components.schemas).flatMap(([name, schema]) =>
      Object.entries((schema.properties ?? {}) as Record<string, Schema>)
        .filter(([, property]) => property.nullable === true)
        .map(([property]) => ({ name, property })),
    );
    expect(nullable.map((n) => `${n.name}.${n.property}`)).toEqual(expect.arrayContaining(['UserResponse.therapistProfile', 'TherapySessionResponse.cancelledBy', 'RuptureTransitionResponse.fromStage']));
    // One operation per nullable property whose answer is just that property, so each is read on its own.
    const probe = structuredClone(document) as unknown as { paths: Record<string, unknown>; components: { schemas: Record<string, Schema> } };
    probe.paths = Object.fromEntries(
      nullable.map(({ name, property }, i) => [
        `/probe/${i}`,
        { get: { responses: { 200: { description: `${name}.${property}`, content: { 'application/json': { schema: { type: 'object', properties: { value: (probe.components.schemas[name].properties as Schema)[property] } } } } } } } },
      ]),
    );
    const refused: string[] = [];
    for (const operation of await getHttpOperationsFromSpec(structuredClone(probe))) {
      const [response] = operation.responses;
      try {
        const validate = thirdPartyAjv().compile({ ...(response.contents?.[0].schema as Schema), __bundled__: (operation as unknown as { __bundled__?: unknown }).__bundled__ });
        if (!validate({ value: null })) refused.push(`Prism: ${response.description}`);
      } catch (e) {
        refused.push(`Prism: ${response.description} does not compile: ${(e as Error).message.slice(0, 120)}`);
      }
    }
    const dereferenced = (await new $RefParser().dereference(structuredClone(probe))) as typeof probe;
    for (const [path, item] of Object.entries(dereferenced.paths)) {
      const response = (item as { get: { responses: Record<string, { description: string; content: Record<string, { schema: Schema }> }> } }).get.responses['200'];
      const schema = convertUnsupportedJsonSchemaProperties(response.content['application/json'].schema) as Schema;
      try {
        if (!thirdPartyAjv().compile(schema)({ value: null })) refused.push(`Portman: ${response.description}`);
      } catch (e) {
        refused.push(`Portman: ${response.description} (${path}) does not compile: ${(e as Error).message.slice(0, 120)}`);
      }
    }
    expect(refused).toEqual([]);
  });

  describe('bodies whose fields depend on one property are oneOf with a discriminator, and the API agrees with them', () => {
    const shapes = (name: string) => {
      const schema = document.components.schemas[name] as { oneOf?: { $ref: string }[]; discriminator?: { propertyName: string; mapping: Record<string, string> } };
      return { property: schema.discriminator?.propertyName, values: Object.keys(schema.discriminator?.mapping ?? {}).sort(), variants: (schema.oneOf ?? []).length };
    };

    it('declares a session’s place by modality and a repair attempt by approach', () => {
      expect(shapes('CreateTherapySessionDto')).toEqual({ property: 'modality', values: ['in_person', 'online'], variants: 2 });
      expect(shapes('CreateRepairAttemptDto')).toEqual({ property: 'approach', values: ['apology', 'behaviour_change_request', 'imago_dialogue', 'other'], variants: 3 });
    });

    it('accepts a session body exactly when the document does', async () => {
      const therapist = await createTherapist(t);
      const auth = (await loginAs(t, therapist)).auth;
      const couple = await createCouple(t, therapist);
      const conforms = requestBodyConformance(document, 'post', '/api/v1/sessions');
      const link = 'https://video.clinic.example/room/4821';
      const bodies = [
        { modality: 'in_person', location: PLACE },
        { modality: 'in_person' },
        { modality: 'in_person', location: PLACE, videoUrl: link },
        { modality: 'online', videoUrl: link },
        { modality: 'online' },
        { modality: 'online', videoUrl: link, location: PLACE },
      ];
      const verdicts = [];
      for (const [i, place] of bodies.entries()) {
        const body = { coupleId: couple.id, ...futureSlot(8 + i), ...place };
        const res = await request(t.http).post(`${API}/sessions`).set(auth).send(body);
        verdicts.push({ place, document: conforms(body), api: res.status === 201 ? true : res.status === 400 ? false : res.status });
      }
      expect(verdicts.map((v) => v.document)).toEqual([true, false, false, true, false, false]);
      expect(verdicts.filter((v) => v.document !== v.api)).toEqual([]);
    });

    it('accepts a repair attempt body exactly when the document does', async () => {
      const therapist = await createTherapist(t);
      const auth = (await loginAs(t, therapist)).auth;
      const couple = await createCouple(t, therapist);
      const conforms = requestBodyConformance(document, 'post', '/api/v1/ruptures/{id}/repair-attempts');
      const initiatorClientId = couple.partners[0].id;
      const bodies = [
        { approach: 'imago_dialogue', imagoSteps: ['mirroring'] },
        { approach: 'imago_dialogue' },
        { approach: 'imago_dialogue', imagoSteps: ['mirroring'], requests: ['Call when late'] },
        { approach: 'behaviour_change_request', requests: ['Call when late'] },
        { approach: 'behaviour_change_request' },
        { approach: 'behaviour_change_request', requests: ['Call when late'], imagoSteps: ['mirroring'] },
        { approach: 'apology' },
        { approach: 'other', requests: ['Call when late'] },
      ];
      const verdicts = [];
      for (const shape of bodies) {
        const rupture = await reportRupture(t, auth, couple.id);
        await recognizeRupture(t, auth, rupture.id).expect(201);
        const body = { initiatorClientId, ...shape };
        const res = await request(t.http).post(`${API}/ruptures/${rupture.id}/repair-attempts`).set(auth).send(body);
        verdicts.push({ shape, document: conforms(body), api: res.status === 201 ? true : res.status === 400 ? false : res.status });
      }
      expect(verdicts.map((v) => v.document)).toEqual([true, false, false, true, false, false, true, false]);
      expect(verdicts.filter((v) => v.document !== v.api)).toEqual([]);
    });
  });
});
