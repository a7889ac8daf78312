import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: indexes for reports over a year at clinic scale (src/reports/reports.sql.ts, docs/performance.md "Reports"). */
export class ReportSpeed1795624515950 implements MigrationInterface {
  name = 'ReportSpeed1795624515950';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The sessions report reads a period's sessions by local start from the index alone (declared on the entity, synchronize: false).
    await queryRunner.query(
      `CREATE INDEX "therapy_sessions_report_idx" ON "therapy_sessions" (lower("during")) INCLUDE ("therapist_id", "status", "late_cancellation", "during")`,
    );
    // The repair report also reads the id of completed ruptures (to join their completing attempt): index-only with it.
    await queryRunner.query(`DROP INDEX "public"."ruptures_report_idx"`);
    await queryRunner.query(
      `CREATE INDEX "ruptures_report_idx" ON "ruptures" ("occurred_at") INCLUDE ("id", "couple_id", "stage", "kind", "recognized_at", "completed_at", "recurring_themes")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ruptures_report_idx"`);
    await queryRunner.query(
      `CREATE INDEX "ruptures_report_idx" ON "ruptures" ("occurred_at") INCLUDE ("couple_id", "stage", "kind", "recognized_at", "completed_at", "recurring_themes")`,
    );
    await queryRunner.query(`DROP INDEX "public"."therapy_sessions_report_idx"`);
  }
}
