import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: the indexes the reports read (src/reports/reports.sql.ts). */
export class ReportIndexes1795621279401 implements MigrationInterface {
  name = 'ReportIndexes1795621279401';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The repair report reads a year of ruptures by occurred_at from the index alone (declared on the entity, synchronize: false).
    await queryRunner.query(`CREATE INDEX "ruptures_report_idx" ON "ruptures" ("occurred_at") INCLUDE ("couple_id", "stage", "kind", "recognized_at", "completed_at", "recurring_themes")`);
    // Attempts per completed repair: the completing attempt's sequence, found by rupture.
    await queryRunner.query(`CREATE INDEX "repair_attempts_completed_idx" ON "repair_attempts" ("rupture_id") INCLUDE ("sequence") WHERE "status" = 'completed'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."repair_attempts_completed_idx"`);
    await queryRunner.query(`DROP INDEX "public"."ruptures_report_idx"`);
  }
}
