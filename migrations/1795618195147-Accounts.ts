import { MigrationInterface, QueryRunner } from 'typeorm';

export class Accounts1795618195147 implements MigrationInterface {
    name = 'Accounts1795618195147';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "therapist_profiles" ("user_id" uuid NOT NULL, "credentials" character varying(100) NOT NULL, "crpo_number" character varying(20), "languages" text array NOT NULL DEFAULT '{}', "bio" character varying(2000) NOT NULL DEFAULT '', "takes_connection_calls" boolean NOT NULL DEFAULT false, CONSTRAINT "PK_727b50cdd502750ef052abbab1a" PRIMARY KEY ("user_id"))`);
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "role" character varying(16) NOT NULL, "display_name" character varying(200) NOT NULL, "password_hash" character varying(255), "active" boolean NOT NULL DEFAULT true, "deactivated_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "users_email_lowercase_check" CHECK ("email" = lower("email")), CONSTRAINT "users_role_check" CHECK ("role" IN ('admin', 'therapist', 'client')), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "users_email_key" ON "users"  ("email") `);
        await queryRunner.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "prefix" character varying(16) NOT NULL, "key_hash" bytea NOT NULL, "scopes" text array NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys"  ("key_hash") `);
        await queryRunner.query(`CREATE TABLE "invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "token_hash" bytea NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "user_id" uuid, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "invitations_client_idx" ON "invitations"  ("client_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "invitations_hash_key" ON "invitations"  ("token_hash") `);
        await queryRunner.query(`CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" bytea NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "refresh_tokens_user_idx" ON "refresh_tokens"  ("user_id") `);
        await queryRunner.query(`CREATE INDEX "refresh_tokens_family_idx" ON "refresh_tokens"  ("family_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "refresh_tokens_hash_key" ON "refresh_tokens"  ("token_hash") `);
        await queryRunner.query(`ALTER TABLE "therapist_profiles" ADD CONSTRAINT "FK_727b50cdd502750ef052abbab1a" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "FK_983d7eb19ca94bb8e343293068e" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invitations" ADD CONSTRAINT "FK_fecdffec754fa4d5cea98709776" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invitations" ADD CONSTRAINT "FK_2afdbc73ee1fe16cf1f3929e920" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4"`);
        await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "FK_2afdbc73ee1fe16cf1f3929e920"`);
        await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "FK_fecdffec754fa4d5cea98709776"`);
        await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_983d7eb19ca94bb8e343293068e"`);
        await queryRunner.query(`ALTER TABLE "therapist_profiles" DROP CONSTRAINT "FK_727b50cdd502750ef052abbab1a"`);
        await queryRunner.query(`DROP INDEX "public"."refresh_tokens_hash_key"`);
        await queryRunner.query(`DROP INDEX "public"."refresh_tokens_family_idx"`);
        await queryRunner.query(`DROP INDEX "public"."refresh_tokens_user_idx"`);
        await queryRunner.query(`DROP TABLE "refresh_tokens"`);
        await queryRunner.query(`DROP INDEX "public"."invitations_hash_key"`);
        await queryRunner.query(`DROP INDEX "public"."invitations_client_idx"`);
        await queryRunner.query(`DROP TABLE "invitations"`);
        await queryRunner.query(`DROP INDEX "public"."api_keys_hash_key"`);
        await queryRunner.query(`DROP TABLE "api_keys"`);
        await queryRunner.query(`DROP INDEX "public"."users_email_key"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`DROP TABLE "therapist_profiles"`);
    }
}
