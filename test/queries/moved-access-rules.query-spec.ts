import { randomUUID } from 'node:crypto';
import { AccessScope } from '../../src/common/access/access-scope';
import { Actor } from '../../src/common/auth/roles';
import { SqlParams } from '../../src/database/sql-params';
import { rows, statement } from '../../src/database/statement';
import { useQueryDatabase } from './query-database';

/**
 * The rules that once lived in services (connection calls, therapists' calendars, staff reports),
 * now AccessScope predicates, evaluated by PostgreSQL over rows given inline.
 */
describe('access rules of calls, calendars and reports on the real database', () => {
  const t = useQueryDatabase();
  const mine = randomUUID();
  const theirs = randomUUID();
  const as = {
    therapist: new AccessScope({ kind: 'user', id: mine, role: 'therapist' }),
    admin: new AccessScope({ kind: 'user', id: randomUUID(), role: 'admin' }),
    client: new AccessScope({ kind: 'user', id: randomUUID(), role: 'client' }),
    reportingKey: new AccessScope({ kind: 'apiKey', id: randomUUID(), scopes: ['reports:read'] } as Actor),
  };

  /** Which of two rows, one per therapist, the predicate lets through. */
  const kept = async (predicate: (p: SqlParams) => string) => {
    const p = new SqlParams();
    const values = `(${p.add(mine)}::uuid), (${p.add(theirs)}::uuid)`;
    const found = await rows(t.db, statement<{ therapist_id: string }>(`SELECT r.therapist_id FROM (VALUES ${values}) r(therapist_id) WHERE ${predicate(p)}`, p));
    return found.map((r) => (r.therapist_id === mine ? 'mine' : 'theirs')).sort();
  };

  it('lets a therapist reach their own connection calls, an admin all, a client none', async () => {
    const calls = (scope: AccessScope) => kept((p) => scope.connectionCalls(p, 'r'));
    expect(await calls(as.therapist)).toEqual(['mine']);
    expect(await calls(as.admin)).toEqual(['mine', 'theirs']);
    expect(await calls(as.client)).toEqual([]);
  });

  it("lets a therapist manage their own calendar, an admin anyone's, a client no one's", async () => {
    const calendars = async (scope: AccessScope) => {
      const p = new SqlParams();
      const values = `(${p.add(mine)}::uuid), (${p.add(theirs)}::uuid)`;
      const found = await rows(t.db, statement<{ id: string }>(`SELECT u.id FROM (VALUES ${values}) u(id) WHERE ${scope.therapistCalendars(p, 'u')}`, p));
      return found.map((r) => (r.id === mine ? 'mine' : 'theirs')).sort();
    };
    expect(await calendars(as.therapist)).toEqual(['mine']);
    expect(await calendars(as.admin)).toEqual(['mine', 'theirs']);
    expect(await calendars(as.client)).toEqual([]);
  });

  it('narrows staff reports: a therapist to their own rows, naming another matches nothing; admins and reporting keys any', async () => {
    const report = (scope: AccessScope, requested?: string) =>
      kept((p) => {
        const therapist = scope.staffReport(p, requested);
        return therapist === null ? 'TRUE' : `r.therapist_id = ${therapist}`;
      });
    expect(await report(as.therapist)).toEqual(['mine']);
    expect(await report(as.therapist, theirs)).toEqual([]);
    expect(await report(as.admin)).toEqual(['mine', 'theirs']);
    expect(await report(as.reportingKey, theirs)).toEqual(['theirs']);
    expect(await report(as.client)).toEqual([]);
    expect([as.admin, as.reportingKey, as.therapist, as.client].map((s) => s.readsClinicReports)).toEqual([true, true, false, false]);
  });
});
