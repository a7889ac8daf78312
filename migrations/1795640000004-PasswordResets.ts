import { MigrationInterface, QueryRunner } from 'typeorm';

export class PasswordResets1795640000004 implements MigrationInterface {
    name = 'PasswordResets1795640000004';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "password_resets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" bytea NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_password_resets" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "password_resets_user_idx" ON "password_resets"  ("user_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "password_resets_hash_key" ON "password_resets"  ("token_hash") `);
        await queryRunner.query(`ALTER TABLE "password_resets" ADD CONSTRAINT "FK_f7a4c3bc48f24df007936d217be" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "password_resets"`);
    }
}
