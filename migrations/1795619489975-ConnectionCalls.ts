import { MigrationInterface, QueryRunner } from 'typeorm';

export class ConnectionCalls1795619489975 implements MigrationInterface {
    name = 'ConnectionCalls1795619489975';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "connection_calls" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "therapist_id" uuid NOT NULL, "busy_time_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "modality" character varying(16) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'booked', "name" character varying(200) NOT NULL, "email" character varying(254) NOT NULL, "phone" character varying(16), "message" character varying(500), "staff_notes" character varying(2000), "manage_token_hash" bytea NOT NULL, "booked_by_key_id" uuid, "client_id" uuid, "cancelled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "REL_c49fe69a65b09b347eb6280493" UNIQUE ("busy_time_id"), CONSTRAINT "connection_calls_order_check" CHECK ("ends_at" > "starts_at"), CONSTRAINT "connection_calls_status_check" CHECK ("status" IN ('booked', 'cancelled', 'completed', 'no_show')), CONSTRAINT "connection_calls_modality_check" CHECK ("modality" IN ('phone', 'video', 'in_person')), CONSTRAINT "PK_e944e2f7e98d95696067166b411" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "connection_calls_busy_time_key" ON "connection_calls"  ("busy_time_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "connection_calls_manage_token_key" ON "connection_calls"  ("manage_token_hash") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "connection_calls_client_key" ON "connection_calls"  ("client_id") `);
        await queryRunner.query(`CREATE INDEX "connection_calls_email_start_idx" ON "connection_calls"  ("email", "starts_at") `);
        await queryRunner.query(`CREATE INDEX "connection_calls_start_idx" ON "connection_calls"  ("starts_at", "id") `);
        await queryRunner.query(`CREATE INDEX "connection_calls_therapist_start_idx" ON "connection_calls"  ("therapist_id", "starts_at", "id") `);
        await queryRunner.query(`CREATE TABLE "idempotency_keys" ("scope" character varying(80) NOT NULL, "key" character varying(200) NOT NULL, "request_hash" bytea NOT NULL, "state" character varying(16) NOT NULL, "response_status" smallint, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "idempotency_keys_state_check" CHECK ("state" IN ('in_progress', 'done')), CONSTRAINT "PK_15de2f76fa9f27ad8f330983607" PRIMARY KEY ("scope", "key"))`);
        await queryRunner.query(`CREATE INDEX "idempotency_keys_expires_idx" ON "idempotency_keys"  ("expires_at") `);
        await queryRunner.query(`CREATE TABLE "time_off" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "therapist_id" uuid NOT NULL, "busy_time_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" character varying(200), "created_by" uuid NOT NULL, "released_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "REL_96537ac47ea99aa33eb9f1200c" UNIQUE ("busy_time_id"), CONSTRAINT "time_off_order_check" CHECK ("ends_at" > "starts_at"), CONSTRAINT "PK_e80a790cc96026d0f557a78f83d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "time_off_busy_time_key" ON "time_off"  ("busy_time_id") `);
        await queryRunner.query(`CREATE INDEX "time_off_therapist_start_idx" ON "time_off"  ("therapist_id", "starts_at", "id") `);
        await queryRunner.query(`ALTER TABLE "connection_calls" ADD CONSTRAINT "FK_de06e92b1d37b534db388f9b036" FOREIGN KEY ("therapist_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "connection_calls" ADD CONSTRAINT "FK_c49fe69a65b09b347eb62804930" FOREIGN KEY ("busy_time_id") REFERENCES "busy_times"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "connection_calls" ADD CONSTRAINT "FK_8e516d444898b272c33846166e2" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "time_off" ADD CONSTRAINT "FK_33ba97d0b2100d6a19367a75736" FOREIGN KEY ("therapist_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "time_off" ADD CONSTRAINT "FK_96537ac47ea99aa33eb9f1200c0" FOREIGN KEY ("busy_time_id") REFERENCES "busy_times"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "time_off" DROP CONSTRAINT "FK_96537ac47ea99aa33eb9f1200c0"`);
        await queryRunner.query(`ALTER TABLE "time_off" DROP CONSTRAINT "FK_33ba97d0b2100d6a19367a75736"`);
        await queryRunner.query(`ALTER TABLE "connection_calls" DROP CONSTRAINT "FK_8e516d444898b272c33846166e2"`);
        await queryRunner.query(`ALTER TABLE "connection_calls" DROP CONSTRAINT "FK_c49fe69a65b09b347eb62804930"`);
        await queryRunner.query(`ALTER TABLE "connection_calls" DROP CONSTRAINT "FK_de06e92b1d37b534db388f9b036"`);
        await queryRunner.query(`DROP INDEX "public"."time_off_therapist_start_idx"`);
        await queryRunner.query(`DROP INDEX "public"."time_off_busy_time_key"`);
        await queryRunner.query(`DROP TABLE "time_off"`);
        await queryRunner.query(`DROP INDEX "public"."idempotency_keys_expires_idx"`);
        await queryRunner.query(`DROP TABLE "idempotency_keys"`);
        await queryRunner.query(`DROP INDEX "public"."connection_calls_therapist_start_idx"`);
        await queryRunner.query(`DROP INDEX "public"."connection_calls_start_idx"`);
        await queryRunner.query(`DROP INDEX "public"."connection_calls_email_start_idx"`);
        await queryRunner.query(`DROP INDEX "public"."connection_calls_client_key"`);
        await queryRunner.query(`DROP INDEX "public"."connection_calls_manage_token_key"`);
        await queryRunner.query(`DROP INDEX "public"."connection_calls_busy_time_key"`);
        await queryRunner.query(`DROP TABLE "connection_calls"`);
    }
}
