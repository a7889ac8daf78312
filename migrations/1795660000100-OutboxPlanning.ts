import { MigrationInterface, QueryRunner } from 'typeorm';

/** Planned messages (reminders): an idempotency key, the record they are about, a latest time, and withdrawal. */
export class OutboxPlanning1795660000100 implements MigrationInterface {
    name = 'OutboxPlanning1795660000100';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "outbox_messages" ADD "idempotency_key" character varying(200)`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" ADD "subject_id" uuid`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" ADD "not_after" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" ADD "withdrawn_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`DROP INDEX "public"."outbox_messages_due_idx"`);
        await queryRunner.query(`CREATE INDEX "outbox_messages_due_idx" ON "outbox_messages" ("available_at") WHERE "delivered_at" IS NULL AND "failed_at" IS NULL AND "withdrawn_at" IS NULL`);
        await queryRunner.query(`CREATE INDEX "outbox_messages_pending_subject_idx" ON "outbox_messages"  ("subject_id") WHERE "subject_id" IS NOT NULL AND "delivered_at" IS NULL AND "failed_at" IS NULL AND "withdrawn_at" IS NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "outbox_messages_idempotency_key" ON "outbox_messages"  ("idempotency_key") WHERE "idempotency_key" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."outbox_messages_idempotency_key"`);
        await queryRunner.query(`DROP INDEX "public"."outbox_messages_pending_subject_idx"`);
        await queryRunner.query(`DROP INDEX "public"."outbox_messages_due_idx"`);
        await queryRunner.query(`CREATE INDEX "outbox_messages_due_idx" ON "outbox_messages" ("available_at") WHERE "delivered_at" IS NULL AND "failed_at" IS NULL`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" DROP COLUMN "withdrawn_at"`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" DROP COLUMN "not_after"`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" DROP COLUMN "subject_id"`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" DROP COLUMN "idempotency_key"`);
    }
}
