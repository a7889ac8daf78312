import { bootApp, BootOptions, TestApp } from './app';
import { createWorld, World } from './clinic-factories';

/** A stand-in that forwards to the object `resolve` gives once the file's set-up has run. */
function forwardTo<T extends object>(what: string, resolve: () => T | undefined): T {
  return new Proxy({} as T, {
    get(_, key) {
      const target = resolve();
      if (!target) throw new Error(`The ${what} is booted in beforeAll; use it inside a test or hook.`);
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * The head every e2e file shares: the real app on the run's throwaway database, booted before the
 * file's tests and closed after them (closing also fails the file on answers that break the
 * OpenAPI document). `const t = useApp();` then `t.http`, `t.db` in tests.
 */
export function useApp(options?: BootOptions): TestApp {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await bootApp(options);
  });
  afterAll(() => app?.close());
  return forwardTo('app', () => app);
}

/** The app and a small clinic in it (an admin, therapists, clients, a couple): `const { t, w } = useClinic();`. */
export function useClinic(options?: BootOptions): { t: TestApp; w: World } {
  const t = useApp(options);
  let world: World | undefined;
  beforeAll(async () => {
    world = await createWorld(t);
  });
  return { t, w: forwardTo('world', () => world) };
}
