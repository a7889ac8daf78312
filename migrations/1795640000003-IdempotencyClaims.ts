import { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyClaims1795640000003 implements MigrationInterface {
    name = 'IdempotencyClaims1795640000003';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "idempotency_keys" ADD "claim_id" uuid`);
        // Stored answers held the booking's manage link, and anonymous keys one shared scope: forget them.
        await queryRunner.query(`DELETE FROM "idempotency_keys"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "claim_id"`);
    }
}
