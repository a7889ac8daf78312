import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: the repair report's figures per period, kept while the ruptures behind them
 * are unchanged (src/reports/repair-periods.ts, docs/reporting.md "How the repair report stays fast").
 *
 * Every statement that writes ruptures (or the repair attempts of one) adds to the version of each
 * UTC day whose ruptures it touched, by when they occurred. A period's fingerprint is the sum of the
 * versions of the days it spans; versions only grow, so the sum changes whenever any rupture of the
 * period changes, and a kept figure is used only while its fingerprint is still the current one.
 */
export class RepairReportPeriods1795627048365 implements MigrationInterface {
  name = 'RepairReportPeriods1795627048365';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "rupture_day_versions" ("day" date PRIMARY KEY, "version" bigint NOT NULL)`);
    // One row per period for the whole period and one for the latest cut of it (by from/to), with the bounds its rows were read within.
    await queryRunner.query(`CREATE TABLE "repair_report_periods" (
        "zone" text NOT NULL, "unit" text NOT NULL, "period" timestamp NOT NULL, "whole" boolean NOT NULL,
        "lo" timestamptz NOT NULL, "hi" timestamptz NOT NULL,
        "fingerprint" bigint NOT NULL, "figures" jsonb, "computed_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("zone", "unit", "period", "whole"))`);
    // One upsert per statement, days in order (so two writers never lock them in opposite orders).
    await queryRunner.query(`CREATE FUNCTION bump_rupture_days(days date[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO rupture_day_versions (day, version)
        SELECT d, 1 FROM (SELECT DISTINCT unnest(days) AS d) x WHERE d IS NOT NULL ORDER BY d
        ON CONFLICT (day) DO UPDATE SET version = rupture_day_versions.version + 1
      $$`);
    await queryRunner.query(`CREATE FUNCTION ruptures_bump_days() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          UPDATE rupture_day_versions SET version = version + 1;
          DELETE FROM repair_report_periods;
        ELSIF TG_OP = 'INSERT' THEN
          PERFORM bump_rupture_days(ARRAY(SELECT (occurred_at AT TIME ZONE 'UTC')::date FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM bump_rupture_days(ARRAY(SELECT (occurred_at AT TIME ZONE 'UTC')::date FROM old_rows));
        ELSE
          PERFORM bump_rupture_days(ARRAY(SELECT (occurred_at AT TIME ZONE 'UTC')::date FROM new_rows
                                          UNION SELECT (occurred_at AT TIME ZONE 'UTC')::date FROM old_rows));
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "ruptures_bump_days_insert" AFTER INSERT ON "ruptures"
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ruptures_bump_days()`);
    await queryRunner.query(`CREATE TRIGGER "ruptures_bump_days_update" AFTER UPDATE ON "ruptures"
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ruptures_bump_days()`);
    await queryRunner.query(`CREATE TRIGGER "ruptures_bump_days_delete" AFTER DELETE ON "ruptures"
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ruptures_bump_days()`);
    await queryRunner.query(`CREATE TRIGGER "ruptures_bump_days_truncate" AFTER TRUNCATE ON "ruptures"
        FOR EACH STATEMENT EXECUTE FUNCTION ruptures_bump_days()`);
    // Attempts count towards their rupture's period (attempts per completed repair).
    await queryRunner.query(`CREATE FUNCTION repair_attempts_bump_days() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' THEN
          UPDATE rupture_day_versions SET version = version + 1;
          DELETE FROM repair_report_periods;
        ELSIF TG_OP = 'INSERT' THEN
          PERFORM bump_rupture_days(ARRAY(SELECT (r.occurred_at AT TIME ZONE 'UTC')::date FROM new_rows a JOIN ruptures r ON r.id = a.rupture_id));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM bump_rupture_days(ARRAY(SELECT (r.occurred_at AT TIME ZONE 'UTC')::date FROM old_rows a JOIN ruptures r ON r.id = a.rupture_id));
        ELSE
          PERFORM bump_rupture_days(ARRAY(SELECT (r.occurred_at AT TIME ZONE 'UTC')::date FROM new_rows a JOIN ruptures r ON r.id = a.rupture_id
                                          UNION SELECT (r.occurred_at AT TIME ZONE 'UTC')::date FROM old_rows a JOIN ruptures r ON r.id = a.rupture_id));
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "repair_attempts_bump_days_insert" AFTER INSERT ON "repair_attempts"
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION repair_attempts_bump_days()`);
    await queryRunner.query(`CREATE TRIGGER "repair_attempts_bump_days_update" AFTER UPDATE ON "repair_attempts"
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION repair_attempts_bump_days()`);
    await queryRunner.query(`CREATE TRIGGER "repair_attempts_bump_days_delete" AFTER DELETE ON "repair_attempts"
        REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION repair_attempts_bump_days()`);
    await queryRunner.query(`CREATE TRIGGER "repair_attempts_bump_days_truncate" AFTER TRUNCATE ON "repair_attempts"
        FOR EACH STATEMENT EXECUTE FUNCTION repair_attempts_bump_days()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const op of ['insert', 'update', 'delete', 'truncate']) {
      await queryRunner.query(`DROP TRIGGER "repair_attempts_bump_days_${op}" ON "repair_attempts"`);
      await queryRunner.query(`DROP TRIGGER "ruptures_bump_days_${op}" ON "ruptures"`);
    }
    await queryRunner.query(`DROP FUNCTION repair_attempts_bump_days()`);
    await queryRunner.query(`DROP FUNCTION ruptures_bump_days()`);
    await queryRunner.query(`DROP FUNCTION bump_rupture_days(date[])`);
    await queryRunner.query(`DROP TABLE "repair_report_periods"`);
    await queryRunner.query(`DROP TABLE "rupture_day_versions"`);
  }
}
