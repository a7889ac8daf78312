import { Client } from 'pg';
import request from 'supertest';
import { createClient } from './clinic-factories';
import { createTherapist, loginAs } from './factories';
import { useApp } from './use-app';

/**
 * Counts the SQL statements a request sends. Only this test file's app runs in this worker, so
 * every query through `pg` here belongs to the request under test.
 */
async function statementsFor(send: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const original = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
    if (text) seen.push(text);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await send();
  } finally {
    Client.prototype.query = original;
  }
  return seen;
}

describe('statements per request', () => {
  const t = useApp();

  it('reads a client, with its audit event, in two statements: the caller check and one read', async () => {
    const therapist = await createTherapist(t);
    const session = await loginAs(t, therapist);
    const client = await createClient(t, therapist);
    const statements = await statementsFor(() => request(t.http).get(`/api/v1/clients/${client.id}`).set(session.auth).expect(200));
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/FROM users/);
    expect(statements[1]).toMatch(/INSERT INTO audit_events/);
  });

  it('lists a page of clients in two statements whatever the page size', async () => {
    const therapist = await createTherapist(t);
    const session = await loginAs(t, therapist);
    for (let i = 0; i < 12; i++) await createClient(t, therapist);
    for (const limit of [2, 10]) {
      const statements = await statementsFor(() => request(t.http).get(`/api/v1/clients?limit=${limit}`).set(session.auth).expect(200));
      expect(statements).toHaveLength(2);
    }
  });
});
