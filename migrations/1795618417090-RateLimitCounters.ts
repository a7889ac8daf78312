import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Shared rate-limit counters (fixed windows), when REDIS_URL is unset. UNLOGGED: no WAL, and a
 * crash that empties it only forgives recent failures. Not an entity: only raw SQL touches it.
 */
export class RateLimitCounters1795618417090 implements MigrationInterface {
  name = 'RateLimitCounters1795618417090';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNLOGGED TABLE "rate_limit_counters" ("key" character varying(300) NOT NULL, "hits" integer NOT NULL, "window_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "rate_limit_counters_pkey" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(`CREATE INDEX "rate_limit_counters_window_ends_idx" ON "rate_limit_counters" ("window_ends_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."rate_limit_counters_window_ends_idx"`);
    await queryRunner.query(`DROP TABLE "rate_limit_counters"`);
  }
}
