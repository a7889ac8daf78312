import type { Client } from 'pg';
import { join } from 'node:path';
import { loadQueryModules, renderStatements } from '../../src/database/query-catalogue';
import { planNodes, planOf, withTablesCopied } from './query-database';

/**
 * A couple's questionnaires (each with the occasions the calling partner answered), an answer's lock
 * of its questionnaire, and the notice sweep's recipients all ask which occasions a partner answered.
 * Asked without saying "first answers", PostgreSQL could not use the once-per-occasion index and read
 * every response of the clinic for each questionnaire: 24 ms apiece on the seeded year's 164,309
 * responses, growing with the clinic's history.
 */
describe('Occasions a partner answered', () => {
  const RESPONSES = 60_000;
  const [outcomes] = loadQueryModules(join(__dirname, '..', '..', 'src')).filter((m) => m.name === 'outcomes');
  const asking = renderStatements(outcomes).filter((s) => /^(list|assignment|lockAssignment|recipients)\[/.test(s.label.replace('outcomes.', '')));

  it('are read from the index for every statement that asks', async () => {
    expect(asking.map((s) => s.label.replace(/\[\d+\]$/, ''))).toEqual(expect.arrayContaining(['outcomes.list', 'outcomes.assignment', 'outcomes.lockAssignment', 'outcomes.recipients']));
    const fill = (db: Client) =>
      db.query(
        `INSERT INTO outcome_responses (assignment_id, couple_id, client_id, answered_by_user_id, instrument, instrument_version, occasion, answers, total, below_cutoff)
         SELECT md5((g % 20000)::text)::uuid, md5((g % 20000)::text)::uuid, md5((g % 40000)::text)::uuid, gen_random_uuid(), 'csi-4', 1, g / 40000, '{}', 12, true
           FROM generate_series(1, ${RESPONSES}) g`,
      );
    const plans = await withTablesCopied(['outcome_responses', 'outcome_assignments', 'couples', 'clients', 'therapy_sessions'], fill, async (db) =>
      Promise.all(asking.map(async (s) => [s.label, await planOf(db, s.statement)] as const)),
    );
    for (const [label, plan] of plans) {
      const scans = planNodes(plan).filter((n) => n['Relation Name'] === 'outcome_responses').map((n) => n['Node Type']);
      expect({ label, scans }).toEqual({ label, scans: expect.not.arrayContaining(['Seq Scan']) });
    }
  });
});
