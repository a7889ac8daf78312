import { MigrationInterface, QueryRunner } from 'typeorm';
import { LastContactPlannedOnce1795720000000 } from './1795720000000-LastContactPlannedOnce';

/**
 * A client's last contact (every client read answers it) without reading what grows with the
 * clinic: their couples are found from an index on the client (they were found by reading every
 * couple membership of the clinic, 2 ms per client read on the seeded year's 20,000), and the last
 * change of each couple's ruptures is one entry of an index on the couple and time (it was every
 * rupture of the couple: 5,097 for the busiest seeded couple). Same answer.
 */
export class LastContactIndexed1795730000000 implements MigrationInterface {
  name = 'LastContactIndexed1795730000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "couple_memberships_client_idx" ON "couple_memberships" ("client_id", "couple_id")`);
    await queryRunner.query(`CREATE INDEX "ruptures_couple_updated_idx" ON "ruptures" ("couple_id", "updated_at")`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION client_last_contact(client uuid) RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
      BEGIN
        RETURN (
          WITH couples_of AS (SELECT m.couple_id FROM couple_memberships m WHERE m.client_id = client),
          sessions AS (
            SELECT s.id, s.during, s.status FROM therapy_sessions s WHERE s.client_id = client
            UNION ALL
            SELECT s.id, s.during, s.status FROM therapy_sessions s WHERE s.couple_id IN (SELECT couple_id FROM couples_of))
          SELECT max(t) FROM (
            SELECT max(upper(s.during)) FROM sessions s WHERE s.status IN ('completed', 'no_show')
            UNION ALL SELECT max(n.written_at) FROM clinical_notes n WHERE n.session_id IN (SELECT id FROM sessions)
            UNION ALL SELECT max(cc.ends_at) FROM connection_calls cc WHERE cc.client_id = client AND cc.status IN ('completed', 'no_show')
            UNION ALL SELECT max(cs.recorded_at) FROM consents cs WHERE cs.client_id = client
            -- Per couple, so each is the last entry of the couple's part of the index.
            UNION ALL SELECT (SELECT max(r.updated_at) FROM ruptures r WHERE r.couple_id = co.couple_id) FROM couples_of co
          ) contacts(t));
      END
    $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await new LastContactPlannedOnce1795720000000().up(queryRunner);
    await queryRunner.query(`DROP INDEX "public"."ruptures_couple_updated_idx"`);
    await queryRunner.query(`DROP INDEX "public"."couple_memberships_client_idx"`);
  }
}
