import { MigrationInterface, QueryRunner } from 'typeorm';

/** btree_gist backs the exclusion constraints against double booking; pg_trgm the name search. */
export class Extensions1764070000000 implements MigrationInterface {
  name = 'Extensions1764070000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP EXTENSION IF EXISTS pg_trgm`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS btree_gist`);
  }
}
