import { MigrationInterface, QueryRunner } from 'typeorm';

export class BookingLoadIndex1795634510595 implements MigrationInterface {
    name = 'BookingLoadIndex1795634510595';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "connection_calls_therapist_created_idx" ON "connection_calls"  ("therapist_id", "created_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."connection_calls_therapist_created_idx"`);
    }
}
