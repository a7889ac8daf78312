import * as nodeModule from 'node:module';

/**
 * Node's on-disk compile cache (Node 22.1 and later; the runtime the Dockerfile uses has it): the
 * second and later starts reuse the compiled code of every module instead of compiling it again,
 * which is most of the start-up time. The cache lives in NODE_COMPILE_CACHE, or under the
 * system's temporary folder; where it cannot be written, modules are compiled as before.
 * Imported first by main.ts, so that it applies to every module loaded after it, the start included.
 */
const withCache = nodeModule as typeof nodeModule & { enableCompileCache?: (directory?: string) => unknown };
try {
  withCache.enableCompileCache?.();
} catch {
  // A start never fails for the want of a cache.
}
