import { MigrationInterface, QueryRunner } from 'typeorm';

export class RuptureSession1795619928965 implements MigrationInterface {
    name = 'RuptureSession1795619928965';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ruptures_session_idx" ON "ruptures"  ("session_id") `);
        await queryRunner.query(`ALTER TABLE "ruptures" ADD CONSTRAINT "FK_041eaf893da305a55d9f89c472a" FOREIGN KEY ("session_id") REFERENCES "therapy_sessions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "ruptures" DROP CONSTRAINT "FK_041eaf893da305a55d9f89c472a"`);
        await queryRunner.query(`DROP INDEX "public"."ruptures_session_idx"`);
    }
}
