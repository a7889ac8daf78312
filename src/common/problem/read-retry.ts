import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRetryableConflict } from './database-errors';
import { ServiceUnavailable } from './problem';

const RETRIED = Symbol('read retried once');

/**
 * Runs `read` once more when PostgreSQL aborted it as a deadlock or serialization failure (40P01,
 * 40001): it changed nothing, and run again it may well succeed. If the second run fails the same
 * way, the caller is told to come back (503 with Retry-After).
 */
export async function retriedOnce<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (!isRetryableConflict(error)) throw error;
  }
  await sleep(10 + Math.random() * 40);
  try {
    return await read();
  } catch (error) {
    throw isRetryableConflict(error) ? new ServiceUnavailable(1) : error;
  }
}

/**
 * Every GET (and so HEAD) handler of the app's controllers runs through `retriedOnce`. Writes keep
 * their own answer (409 concurrent-change), as a retried write is the caller's choice.
 * Must run before the routes are registered (before `init`/`listen`). The handlers are wrapped in
 * place, keeping their metadata, rather than by a global interceptor: Nest runs interceptors through
 * an rxjs pipeline that cost about an eighth of the CPU of a client read (docs/performance.md).
 */
export function retryReadsOnce(app: INestApplication): void {
  for (const module of app.get(ModulesContainer).values()) {
    for (const controller of module.controllers.values()) {
      const prototype = controller.metatype?.prototype as Record<string, unknown> | undefined;
      if (!prototype) continue;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || RETRIED in handler || Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.GET) continue;
        prototype[name] = retryingHandler(handler as (...args: unknown[]) => unknown);
      }
    }
  }
}

function retryingHandler(handler: (...args: unknown[]) => unknown): (...args: unknown[]) => Promise<unknown> {
  const retrying = function (this: unknown, ...args: unknown[]) {
    return retriedOnce(async () => handler.apply(this, args));
  };
  // Routes, roles, pipes and the OpenAPI description are all read from the handler's metadata.
  for (const key of Reflect.getMetadataKeys(handler)) Reflect.defineMetadata(key, Reflect.getMetadata(key, handler), retrying);
  Object.defineProperty(retrying, 'name', { value: handler.name });
  Object.defineProperty(retrying, RETRIED, { value: true });
  return retrying;
}
