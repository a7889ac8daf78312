import { MigrationInterface, QueryRunner } from 'typeorm';

export class Availability1795619156884 implements MigrationInterface {
    name = 'Availability1795619156884';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "availability_windows" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "therapist_id" uuid NOT NULL, "weekday" smallint NOT NULL, "starts_at" TIME NOT NULL, "ends_at" TIME NOT NULL, CONSTRAINT "availability_windows_order_check" CHECK ("ends_at" > "starts_at"), CONSTRAINT "availability_windows_weekday_check" CHECK ("weekday" BETWEEN 1 AND 7), CONSTRAINT "PK_2b90591d83bf13eb2a2667d49ed" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "availability_windows_therapist_idx" ON "availability_windows"  ("therapist_id", "weekday", "starts_at") `);
        await queryRunner.query(`ALTER TABLE "availability_windows" ADD CONSTRAINT "FK_da1dfcfebd3e26284aee9831251" FOREIGN KEY ("therapist_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "availability_windows" DROP CONSTRAINT "FK_da1dfcfebd3e26284aee9831251"`);
        await queryRunner.query(`DROP INDEX "public"."availability_windows_therapist_idx"`);
        await queryRunner.query(`DROP TABLE "availability_windows"`);
    }
}
