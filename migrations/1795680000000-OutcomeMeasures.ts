import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outcome measures (docs/outcomes.md): assignments of the Couples Satisfaction Index to a couple,
 * each partner's scored responses (append-only, like the consent ledger), and the notices sent per occasion.
 */
export class OutcomeMeasures1795680000000 implements MigrationInterface {
    name = 'OutcomeMeasures1795680000000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outcome_assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "couple_id" uuid NOT NULL, "instrument" character varying(16) NOT NULL, "schedule_kind" character varying(16) NOT NULL, "every" integer, "shares_totals" boolean NOT NULL DEFAULT false, "assigned_by_user_id" uuid NOT NULL, "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "outcome_assignments_every_check" CHECK (("schedule_kind" = 'once') = ("every" IS NULL) AND ("every" IS NULL OR "every" BETWEEN 1 AND 52)), CONSTRAINT "outcome_assignments_schedule_check" CHECK ("schedule_kind" IN ('once', 'sessions', 'weeks')), CONSTRAINT "outcome_assignments_instrument_check" CHECK ("instrument" IN ('csi-4', 'csi-16')), CONSTRAINT "PK_dc1bf1ccd24f94b420157b7be90" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "outcome_assignments_couple_idx" ON "outcome_assignments"  ("couple_id", "assigned_at", "id") `);
        await queryRunner.query(`CREATE TABLE "outcome_notices" ("assignment_id" uuid NOT NULL, "occasion" integer NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bea46140cc6c7b00b8f1e1f12d4" PRIMARY KEY ("assignment_id", "occasion"))`);
        await queryRunner.query(`CREATE TABLE "outcome_responses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "assignment_id" uuid NOT NULL, "couple_id" uuid NOT NULL, "client_id" uuid NOT NULL, "answered_by_user_id" uuid NOT NULL, "instrument" character varying(16) NOT NULL, "instrument_version" integer NOT NULL, "occasion" integer NOT NULL, "answers" jsonb NOT NULL, "total" integer NOT NULL, "below_cutoff" boolean NOT NULL, "corrects_id" uuid, "answered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "outcome_responses_total_check" CHECK ("total" BETWEEN 0 AND 81), CONSTRAINT "outcome_responses_occasion_check" CHECK ("occasion" >= 0), CONSTRAINT "outcome_responses_instrument_check" CHECK ("instrument" IN ('csi-4', 'csi-16')), CONSTRAINT "PK_c1a5655f1b440bf853051963668" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "outcome_responses_couple_idx" ON "outcome_responses"  ("couple_id", "answered_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "outcome_responses_corrects_key" ON "outcome_responses"  ("corrects_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "outcome_responses_once_key" ON "outcome_responses"  ("assignment_id", "client_id", "occasion") WHERE "corrects_id" IS NULL`);
        await queryRunner.query(`ALTER TABLE "outcome_assignments" ADD CONSTRAINT "FK_03fa59eaaa20110f5d3dd150cd4" FOREIGN KEY ("couple_id") REFERENCES "couples"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "outcome_assignments" ADD CONSTRAINT "FK_20eed1697c736b55bd64fdf965d" FOREIGN KEY ("assigned_by_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "outcome_notices" ADD CONSTRAINT "FK_a77bbd7cf59f72070880255b36a" FOREIGN KEY ("assignment_id") REFERENCES "outcome_assignments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "outcome_responses" ADD CONSTRAINT "FK_547c71ef751644a4350c622b3a7" FOREIGN KEY ("assignment_id") REFERENCES "outcome_assignments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "outcome_responses" ADD CONSTRAINT "FK_a381160741276e9b316daa851f0" FOREIGN KEY ("couple_id") REFERENCES "couples"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "outcome_responses" ADD CONSTRAINT "FK_94ff3855de2cd3f5c208d75df24" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "outcome_responses" ADD CONSTRAINT "FK_5698a2d42df156ffc7ba704bfe3" FOREIGN KEY ("answered_by_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "outcome_responses" ADD CONSTRAINT "FK_a71cc43b8bcc6d8a15b71e1aa17" FOREIGN KEY ("corrects_id") REFERENCES "outcome_responses"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        // Answers are a ledger: a correction is a new row, the original kept.
        await queryRunner.query(`CREATE TRIGGER "outcome_responses_append_only" BEFORE UPDATE OR DELETE ON "outcome_responses" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
        await queryRunner.query(`CREATE TRIGGER "outcome_responses_no_truncate" BEFORE TRUNCATE ON "outcome_responses" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "outcome_responses_no_truncate" ON "outcome_responses"`);
        await queryRunner.query(`DROP TRIGGER "outcome_responses_append_only" ON "outcome_responses"`);
        await queryRunner.query(`ALTER TABLE "outcome_responses" DROP CONSTRAINT "FK_a71cc43b8bcc6d8a15b71e1aa17"`);
        await queryRunner.query(`ALTER TABLE "outcome_responses" DROP CONSTRAINT "FK_5698a2d42df156ffc7ba704bfe3"`);
        await queryRunner.query(`ALTER TABLE "outcome_responses" DROP CONSTRAINT "FK_94ff3855de2cd3f5c208d75df24"`);
        await queryRunner.query(`ALTER TABLE "outcome_responses" DROP CONSTRAINT "FK_a381160741276e9b316daa851f0"`);
        await queryRunner.query(`ALTER TABLE "outcome_responses" DROP CONSTRAINT "FK_547c71ef751644a4350c622b3a7"`);
        await queryRunner.query(`ALTER TABLE "outcome_notices" DROP CONSTRAINT "FK_a77bbd7cf59f72070880255b36a"`);
        await queryRunner.query(`ALTER TABLE "outcome_assignments" DROP CONSTRAINT "FK_20eed1697c736b55bd64fdf965d"`);
        await queryRunner.query(`ALTER TABLE "outcome_assignments" DROP CONSTRAINT "FK_03fa59eaaa20110f5d3dd150cd4"`);
        await queryRunner.query(`DROP INDEX "public"."outcome_responses_once_key"`);
        await queryRunner.query(`DROP INDEX "public"."outcome_responses_corrects_key"`);
        await queryRunner.query(`DROP INDEX "public"."outcome_responses_couple_idx"`);
        await queryRunner.query(`DROP TABLE "outcome_responses"`);
        await queryRunner.query(`DROP TABLE "outcome_notices"`);
        await queryRunner.query(`DROP INDEX "public"."outcome_assignments_couple_idx"`);
        await queryRunner.query(`DROP TABLE "outcome_assignments"`);
    }
}
