import { MigrationInterface, QueryRunner } from 'typeorm';

/** Dead letters: listed by when they gave up, and marked when their link was removed so they cannot be sent again. */
export class DeadLetters1795690000000 implements MigrationInterface {
    name = 'DeadLetters1795690000000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "outbox_messages" ADD "link_removed_at" TIMESTAMP WITH TIME ZONE`);
        // Emails given up before this column existed may have lost a link without a mark: none of them is retried.
        await queryRunner.query(`UPDATE "outbox_messages" SET "link_removed_at" = "failed_at" WHERE "channel" = 'email' AND "failed_at" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "outbox_messages_failed_idx" ON "outbox_messages"  ("failed_at", "id") WHERE "failed_at" IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "webhook_deliveries_failed_idx" ON "webhook_deliveries"  ("failed_at", "id") WHERE "failed_at" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."webhook_deliveries_failed_idx"`);
        await queryRunner.query(`DROP INDEX "public"."outbox_messages_failed_idx"`);
        await queryRunner.query(`ALTER TABLE "outbox_messages" DROP COLUMN "link_removed_at"`);
    }
}
