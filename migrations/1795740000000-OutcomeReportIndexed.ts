import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outcome report counts, for every couple measured in a period, its completed sessions and its
 * ruptures (and how many were repaired) between its first and latest measurement. Both are now read
 * from indexes alone: a couple's completed sessions by completion time, and a couple's ruptures by
 * occurrence with their stage. Before, each count read the rows themselves from the heap, tens of
 * thousands of times per report (4.3 s for a year by month on the seeded clinic; docs/performance.md).
 * `stage` is already in `ruptures_report_idx`, so changing it was never a HOT update; the wider index costs size only.
 */
export class OutcomeReportIndexed1795740000000 implements MigrationInterface {
  name = 'OutcomeReportIndexed1795740000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "therapy_sessions_couple_completed_idx" ON "therapy_sessions" ("couple_id", "completed_at") WHERE "status" = 'completed'`);
    await queryRunner.query(`DROP INDEX "public"."ruptures_couple_occurred_idx"`);
    await queryRunner.query(`CREATE INDEX "ruptures_couple_occurred_idx" ON "ruptures" ("couple_id", "occurred_at", "id") INCLUDE ("stage")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ruptures_couple_occurred_idx"`);
    await queryRunner.query(`CREATE INDEX "ruptures_couple_occurred_idx" ON "ruptures" ("couple_id", "occurred_at", "id")`);
    await queryRunner.query(`DROP INDEX "public"."therapy_sessions_couple_completed_idx"`);
  }
}
