import { bootApp, TestApp } from './app';
import { OpenApiDocument, servedOpenApi } from './openapi-document';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  beforeAll(async () => {
    t = await bootApp();
    document = await servedOpenApi(t);
  });
  afterAll(() => t.close());

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
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
});
