import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The repair report's kind lists now follow complementary suppression: figures kept under the old
 * rule are dropped, to be computed again on the next report (always safe; see docs/reporting.md).
 */
export class RepairReportDisclosure1795640000002 implements MigrationInterface {
  name = 'RepairReportDisclosure1795640000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "repair_report_periods"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "repair_report_periods"`);
  }
}
