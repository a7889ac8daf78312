import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import { PUBLIC_KEY, ROLES_KEY, SCOPES_KEY } from '../src/common/auth/decorators';
import { TestApp } from './app';
import { useApp } from './use-app';

interface Route {
  route: string;
  declared: boolean;
}

/** Every handler of every controller in the booted app, with whether it declares who may call it. */
function listRoutes(t: TestApp): Route[] {
  const discovery = new DiscoveryService(t.app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const routes: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as Function | null;
    if (!controller) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = controller.prototype[name] as Function;
      const path = Reflect.getMetadata(PATH_METADATA, handler);
      if (path === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const declared = [PUBLIC_KEY, ROLES_KEY, SCOPES_KEY].some(
        (key) => Reflect.getMetadata(key, handler) !== undefined || Reflect.getMetadata(key, controller) !== undefined,
      );
      routes.push({ route: `${method} /${[base, String(path)].filter((p) => p && p !== '/').join('/')} (${controller.name}.${name})`, declared });
    }
  }
  return routes;
}

describe('route inventory', () => {
  const t = useApp();

  it('finds the routes it should (the enumeration works)', () => {
    const routes = listRoutes(t).map((r) => r.route);
    for (const expected of ['POST /auth/login', 'POST /auth/invitations/accept', 'GET /api-keys/current', 'DELETE /api-keys/:id', 'GET /users', 'GET /health/live']) {
      expect(routes.some((r) => r.startsWith(`${expected} (`))).toBe(true);
    }
  });

  it('has no route without @Public, @Roles or @Scopes', () => {
    const undeclared = listRoutes(t)
      .filter((r) => !r.declared)
      .map((r) => r.route);
    expect(undeclared).toEqual([]);
  });
});
