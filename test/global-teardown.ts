import { rm } from 'node:fs/promises';
import { dropThrowawayDatabase } from '../src/database/throwaway-database';
import { TestDatabase } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __clinicTestDatabase?: TestDatabase }).__clinicTestDatabase;
  if (!state) return;
  await dropThrowawayDatabase(state.url);
  if (state.embedded) {
    await state.embedded.stop();
    await rm(state.embedded.dir, { recursive: true, force: true });
    await rm(`${state.embedded.dir}.password`, { force: true });
  }
}
