import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The retention clock belongs to the record: last contact is derived from what happened and
 * cannot be typed in; a date of birth that changes keeps its previous value; a purged record is
 * read-only, and the ledgers let a purge erase the identifying text they hold, then nothing more.
 */
export class RecordRetention1795640000000 implements MigrationInterface {
  name = 'RecordRetention1795640000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "last_contact_at"`);

    // Last contact: completed or missed sessions (the client's own and their couples'), notes on
    // them, completed or missed connection calls, consent decisions and the couples' ruptures.
    await queryRunner.query(`CREATE FUNCTION client_last_contact(client uuid) RETURNS timestamptz LANGUAGE sql STABLE AS $$
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
        UNION ALL SELECT max(r.updated_at) FROM ruptures r WHERE r.couple_id IN (SELECT couple_id FROM couples_of)
      ) contacts(t)
    $$`);

    // Every date of birth a record has held, so a correction can never shorten a minor's retention.
    await queryRunner.query(`CREATE TABLE "client_birth_date_corrections" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
        "client_id" uuid NOT NULL REFERENCES "clients"("id") ON DELETE RESTRICT,
        "previous_date_of_birth" date NOT NULL,
        "date_of_birth" date NOT NULL,
        "corrected_at" timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE INDEX "client_birth_date_corrections_client_idx" ON "client_birth_date_corrections" ("client_id")`);
    await queryRunner.query(`CREATE FUNCTION clients_keep_birth_date() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO client_birth_date_corrections (client_id, previous_date_of_birth, date_of_birth) VALUES (OLD.id, OLD.date_of_birth, NEW.date_of_birth);
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "clients_keep_birth_date" AFTER UPDATE OF date_of_birth ON "clients" FOR EACH ROW
        WHEN (OLD.date_of_birth IS DISTINCT FROM NEW.date_of_birth AND NEW.purged_at IS NULL) EXECUTE FUNCTION clients_keep_birth_date()`);

    // A purged record is a tombstone: nothing changes it, and nothing new is recorded against it.
    await queryRunner.query(`CREATE FUNCTION refuse_purged_client() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- On clients the WHEN clause already chose a purged row; elsewhere, look the client up.
        IF TG_TABLE_NAME <> 'clients' THEN
          IF NOT EXISTS (SELECT 1 FROM clients c WHERE c.id = NEW.client_id AND c.purged_at IS NOT NULL) THEN
            RETURN NEW;
          END IF;
        END IF;
        RAISE EXCEPTION 'the client record was purged' USING ERRCODE = 'check_violation', CONSTRAINT = 'clients_purged_read_only';
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "clients_purged_read_only" BEFORE UPDATE ON "clients" FOR EACH ROW
        WHEN (OLD.purged_at IS NOT NULL) EXECUTE FUNCTION refuse_purged_client()`);
    for (const table of ['consents', 'invitations']) {
      await queryRunner.query(`CREATE TRIGGER "${table}_purged_client" BEFORE INSERT ON "${table}" FOR EACH ROW EXECUTE FUNCTION refuse_purged_client()`);
    }

    // Ledgers stay append-only, except that the purge transaction itself may erase what they hold.
    await queryRunner.query(`CREATE FUNCTION refuse_change_unless_purging() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM clients c WHERE c.id = OLD.client_id AND c.purged_at = now()) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`DROP TRIGGER "consents_append_only" ON "consents"`);
    for (const table of ['consents', 'client_birth_date_corrections']) {
      await queryRunner.query(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION refuse_change_unless_purging()`);
    }
    await queryRunner.query(`CREATE TRIGGER "client_birth_date_corrections_no_truncate" BEFORE TRUNCATE ON "client_birth_date_corrections" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "client_birth_date_corrections_no_truncate" ON "client_birth_date_corrections"`);
    for (const table of ['consents', 'client_birth_date_corrections']) {
      await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
    }
    await queryRunner.query(`CREATE TRIGGER "consents_append_only" BEFORE UPDATE OR DELETE ON "consents" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await queryRunner.query(`DROP FUNCTION refuse_change_unless_purging()`);
    for (const table of ['consents', 'invitations']) {
      await queryRunner.query(`DROP TRIGGER "${table}_purged_client" ON "${table}"`);
    }
    await queryRunner.query(`DROP TRIGGER "clients_purged_read_only" ON "clients"`);
    await queryRunner.query(`DROP FUNCTION refuse_purged_client()`);
    await queryRunner.query(`DROP TRIGGER "clients_keep_birth_date" ON "clients"`);
    await queryRunner.query(`DROP FUNCTION clients_keep_birth_date()`);
    await queryRunner.query(`DROP TABLE "client_birth_date_corrections"`);
    await queryRunner.query(`DROP FUNCTION client_last_contact(uuid)`);
    await queryRunner.query(`ALTER TABLE "clients" ADD "last_contact_at" TIMESTAMP WITH TIME ZONE`);
  }
}
