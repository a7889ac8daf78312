import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: the repair report's per-day partials keep the couples behind each kind and recurring
 * theme as bitmaps over dense couple numbers instead of lists of couple ids, and every 32nd of their
 * sorted stage hours (src/reports/repair-periods.ts, docs/reporting.md "How the repair report stays
 * fast"): a period's distinct couples are a few ORs and a bit count instead of grouping hundreds of
 * thousands of ids, and its medians a cut of a few thousand values instead of sorting all of them.
 *
 * `repair_report_couples` numbers every couple (1, 2, …; never reused). A couple is numbered by a
 * trigger in the transaction that inserts it, so any snapshot that sees a couple's rupture sees its
 * number; the number goes with the couple when it is erased. The kept partials and periods are
 * emptied (the next report, or the warm-up at start, computes them again), and the old column is
 * dropped, so a partial of the old format is never read.
 */
export class RepairReportCoupleSets1795710000000 implements MigrationInterface {
  name = 'RepairReportCoupleSets1795710000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "repair_report_couples" (
        "couple_id" uuid PRIMARY KEY REFERENCES "couples" ("id") ON DELETE CASCADE,
        "number" integer GENERATED ALWAYS AS IDENTITY UNIQUE)`);
    await queryRunner.query(`INSERT INTO "repair_report_couples" ("couple_id") SELECT "id" FROM "couples" ORDER BY "created_at", "id"`);
    await queryRunner.query(`CREATE FUNCTION couples_number_for_repair_report() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO repair_report_couples (couple_id) SELECT id FROM new_rows ORDER BY id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER "couples_number_for_repair_report" AFTER INSERT ON "couples"
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION couples_number_for_repair_report()`);
    await queryRunner.query(`DELETE FROM "repair_report_periods"`);
    await queryRunner.query(`DELETE FROM "repair_report_days"`);
    // Per day, aligned with member_keys: the ruptures of each key and the set of its couples (bit n = couple number n).
    await queryRunner.query(`ALTER TABLE "repair_report_days" DROP COLUMN "member_couples"`);
    await queryRunner.query(`ALTER TABLE "repair_report_days" ADD COLUMN "member_couple_sets" varbit[] NOT NULL`);
    // The length of the day's longest couple set (its highest couple number): sets are padded to the longest of a merge.
    await queryRunner.query(`ALTER TABLE "repair_report_days" ADD COLUMN "member_width" integer NOT NULL`);
    // Read whole by every merge: kept uncompressed (pglz barely shrinks them and costs more to read than it saves).
    await queryRunner.query(`ALTER TABLE "repair_report_days" ALTER COLUMN "member_couple_sets" SET STORAGE EXTERNAL,
        ALTER COLUMN "hours_to_recognition" SET STORAGE EXTERNAL, ALTER COLUMN "hours_to_completion" SET STORAGE EXTERNAL`);
    // Every 32nd of the sorted stage hours (SAMPLE_STRIDE in repair-periods.queries.ts): where a merged median can lie.
    await queryRunner.query(`ALTER TABLE "repair_report_days" ADD COLUMN "recognition_sample" float8[] NOT NULL, ADD COLUMN "completion_sample" float8[] NOT NULL`);
    // How many hours_to_recognition and hours_to_completion values the day has, read without reading the values.
    await queryRunner.query(`ALTER TABLE "repair_report_days" ADD COLUMN "recognition_count" integer NOT NULL, ADD COLUMN "completion_count" integer NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "repair_report_periods"`);
    await queryRunner.query(`DELETE FROM "repair_report_days"`);
    await queryRunner.query(`ALTER TABLE "repair_report_days" DROP COLUMN "member_couple_sets", DROP COLUMN "member_width", DROP COLUMN "recognition_sample", DROP COLUMN "completion_sample",
        DROP COLUMN "recognition_count", DROP COLUMN "completion_count",
        ALTER COLUMN "hours_to_recognition" SET STORAGE EXTENDED, ALTER COLUMN "hours_to_completion" SET STORAGE EXTENDED`);
    await queryRunner.query(`ALTER TABLE "repair_report_days" ADD COLUMN "member_couples" uuid[] NOT NULL`);
    await queryRunner.query(`DROP TRIGGER "couples_number_for_repair_report" ON "couples"`);
    await queryRunner.query(`DROP FUNCTION couples_number_for_repair_report()`);
    await queryRunner.query(`DROP TABLE "repair_report_couples"`);
  }
}
