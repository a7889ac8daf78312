import { MigrationInterface, QueryRunner } from 'typeorm';

/** `connection_calls.busy_time_id` and `time_off.busy_time_id` are unique by their one-to-one constraints already; the second unique indexes only cost writes. */
export class DuplicateBusyTimeIndexes1795650000201 implements MigrationInterface {
    name = 'DuplicateBusyTimeIndexes1795650000201';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."connection_calls_busy_time_key"`);
        await queryRunner.query(`DROP INDEX "public"."time_off_busy_time_key"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE UNIQUE INDEX "time_off_busy_time_key" ON "time_off" ("busy_time_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "connection_calls_busy_time_key" ON "connection_calls" ("busy_time_id") `);
    }
}
