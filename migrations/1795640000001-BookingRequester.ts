import { MigrationInterface, QueryRunner } from 'typeorm';

/** Who asked for a booking (a hash of the source address or key), so per-email caps count per requester. */
export class BookingRequester1795640000001 implements MigrationInterface {
  name = 'BookingRequester1795640000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "connection_calls" ADD "requester_hash" bytea`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "connection_calls" DROP COLUMN "requester_hash"`);
  }
}
