import { MigrationInterface, QueryRunner } from 'typeorm';

/** Two consent purposes for notifications: `reminders` and `repair_notices` (docs/notifications.md). */
export class ConsentPurposesForNotifications1795660000000 implements MigrationInterface {
    name = 'ConsentPurposesForNotifications1795660000000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "consents" DROP CONSTRAINT "consents_purpose_check"`);
        await queryRunner.query(`ALTER TABLE "consents" ADD CONSTRAINT "consents_purpose_check" CHECK ("purpose" IN ('treatment', 'joint_record_release', 'email_contact', 'reminders', 'repair_notices'))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "consents" DROP CONSTRAINT "consents_purpose_check"`);
        await queryRunner.query(`ALTER TABLE "consents" ADD CONSTRAINT "consents_purpose_check" CHECK ("purpose" IN ('treatment', 'joint_record_release', 'email_contact'))`);
    }
}
