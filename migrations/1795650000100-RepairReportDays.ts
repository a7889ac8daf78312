import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: the repair report's per-day partials (src/reports/repair-periods.ts, docs/reporting.md
 * "How the repair report stays fast"). One row per clinic-local day and zone: the counts that add up,
 * the stage hours as sorted arrays and the couples behind each kind and recurring theme, so a
 * period's exact medians and distinct-couple counts are merged from its days. A row is used only at
 * the fingerprint (sum of `rupture_day_versions`) it was computed under.
 *
 * The rows hold couple ids: every write to ruptures or their attempts now also removes the partials
 * of the days it touched (a UTC day either side covers every zone), so a purged couple does not stay
 * behind in them.
 */
export class RepairReportDays1795650000100 implements MigrationInterface {
  name = 'RepairReportDays1795650000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "repair_report_days" (
        "day" date NOT NULL, "zone" text NOT NULL, "fingerprint" bigint NOT NULL,
        "ruptures" integer NOT NULL, "completed" integer NOT NULL, "attempts" integer NOT NULL, "repairs" integer NOT NULL,
        "hours_to_recognition" float8[] NOT NULL, "hours_to_completion" float8[] NOT NULL,
        "member_keys" text[] NOT NULL, "member_couples" uuid[] NOT NULL, "member_ruptures" integer[] NOT NULL,
        "computed_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("day", "zone"))`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION bump_rupture_days(days date[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO rupture_day_versions (day, version)
        SELECT d, 1 FROM (SELECT DISTINCT unnest(days) AS d) x WHERE d IS NOT NULL ORDER BY d
        ON CONFLICT (day) DO UPDATE SET version = rupture_day_versions.version + 1;
        DELETE FROM repair_report_days k USING (SELECT DISTINCT unnest(days) AS d) x WHERE k.day BETWEEN x.d - 1 AND x.d + 1;
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE OR REPLACE FUNCTION bump_rupture_days(days date[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO rupture_day_versions (day, version)
        SELECT d, 1 FROM (SELECT DISTINCT unnest(days) AS d) x WHERE d IS NOT NULL ORDER BY d
        ON CONFLICT (day) DO UPDATE SET version = rupture_day_versions.version + 1
      $$`);
    await queryRunner.query(`DROP TABLE "repair_report_days"`);
  }
}
