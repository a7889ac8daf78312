import { MigrationInterface, QueryRunner } from 'typeorm';

/** `therapy_sessions.busy_time_id` is unique by its one-to-one constraint already; the second unique index only cost writes. */
export class DuplicateSessionBusyTimeIndex1795650000200 implements MigrationInterface {
    name = 'DuplicateSessionBusyTimeIndex1795650000200';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."therapy_sessions_busy_time_key"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE UNIQUE INDEX "therapy_sessions_busy_time_key" ON "therapy_sessions"  ("busy_time_id") `);
    }
}
