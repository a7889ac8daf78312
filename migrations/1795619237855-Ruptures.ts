import { MigrationInterface, QueryRunner } from 'typeorm';

export class Ruptures1795619237855 implements MigrationInterface {
    name = 'Ruptures1795619237855';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "ruptures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "couple_id" uuid NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reported_by_user_id" uuid NOT NULL, "reported_by_role" character varying(16) NOT NULL, "reported_by_client_id" uuid, "description" character varying(4000) NOT NULL, "severity" character varying(16) NOT NULL, "kind" character varying(24) NOT NULL, "themes" character varying(40) array NOT NULL DEFAULT '{}', "session_id" uuid, "stage" character varying(16) NOT NULL DEFAULT 'reported', "recognized_at" TIMESTAMP WITH TIME ZONE, "initiated_at" TIMESTAMP WITH TIME ZONE, "completed_at" TIMESTAMP WITH TIME ZONE, "recurrence_of_id" uuid, "recurring_themes" character varying(40) array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ruptures_themes_check" CHECK (cardinality("themes") <= 10 AND cardinality("recurring_themes") <= cardinality("themes")), CONSTRAINT "ruptures_stage_times_check" CHECK (("recognized_at" IS NOT NULL) = ("stage" <> 'reported') AND ("initiated_at" IS NOT NULL) = ("stage" IN ('initiated', 'completed')) AND ("completed_at" IS NOT NULL) = ("stage" = 'completed')), CONSTRAINT "ruptures_reporter_check" CHECK (("reported_by_role" = 'client') = ("reported_by_client_id" IS NOT NULL) AND "reported_by_role" IN ('client', 'therapist')), CONSTRAINT "ruptures_stage_check" CHECK ("stage" IN ('reported', 'recognized', 'initiated', 'completed')), CONSTRAINT "ruptures_kind_check" CHECK ("kind" IN ('missed_bid', 'dismissive_tone', 'criticism', 'withdrawal', 'broken_agreement', 'breach_of_trust', 'other')), CONSTRAINT "ruptures_severity_check" CHECK ("severity" IN ('minor', 'moderate', 'major')), CONSTRAINT "PK_e06b48489feba43a49ab7976f7a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ruptures_couple_occurred_idx" ON "ruptures"  ("couple_id", "occurred_at", "id") `);
        await queryRunner.query(`CREATE TABLE "repair_attempts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "rupture_id" uuid NOT NULL, "sequence" integer NOT NULL, "initiator_client_id" uuid NOT NULL, "recorded_by_user_id" uuid NOT NULL, "recorded_by_role" character varying(16) NOT NULL, "approach" character varying(32) NOT NULL, "imago_steps" character varying(16) array NOT NULL DEFAULT '{}', "requests" character varying(500) array NOT NULL DEFAULT '{}', "notes" character varying(4000), "status" character varying(16) NOT NULL DEFAULT 'open', "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "repair_attempts_details_check" CHECK ((cardinality("imago_steps") > 0) = ("approach" = 'imago_dialogue') AND (cardinality("requests") > 0) = ("approach" = 'behaviour_change_request')), CONSTRAINT "repair_attempts_role_check" CHECK ("recorded_by_role" IN ('client', 'therapist')), CONSTRAINT "repair_attempts_status_check" CHECK ("status" IN ('open', 'incomplete', 'completed') AND ("status" = 'open') = ("closed_at" IS NULL)), CONSTRAINT "repair_attempts_approach_check" CHECK ("approach" IN ('imago_dialogue', 'apology', 'behaviour_change_request', 'other')), CONSTRAINT "PK_3f5b968954da9d22d5b5a24d6b5" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "repair_attempts_one_open" ON "repair_attempts"  ("rupture_id") WHERE "status" = 'open'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "repair_attempts_sequence_key" ON "repair_attempts"  ("rupture_id", "sequence") `);
        await queryRunner.query(`CREATE TABLE "repair_confirmations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "attempt_id" uuid NOT NULL, "client_id" uuid NOT NULL, "confirmed_by_user_id" uuid NOT NULL, "feels_repaired" boolean NOT NULL, "comment" character varying(2000), "confirmed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ba5476d77e955537cacc5e3a813" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "repair_confirmations_once_key" ON "repair_confirmations"  ("attempt_id", "client_id") `);
        await queryRunner.query(`CREATE TABLE "rupture_recognitions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "rupture_id" uuid NOT NULL, "recognized_by_user_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "client_id" uuid, "statement" character varying(2000), "recognized_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "rupture_recognitions_role_check" CHECK (("role" = 'client') = ("client_id" IS NOT NULL) AND "role" IN ('client', 'therapist')), CONSTRAINT "PK_4271c853086a2574d817ed40b49" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "rupture_recognitions_once_key" ON "rupture_recognitions"  ("rupture_id", "recognized_by_user_id") `);
        await queryRunner.query(`CREATE TABLE "rupture_transitions" ("seq" BIGSERIAL NOT NULL, "rupture_id" uuid NOT NULL, "event" character varying(24) NOT NULL, "from_stage" character varying(16), "to_stage" character varying(16) NOT NULL, "attempt_id" uuid, "actor_user_id" uuid NOT NULL, "actor_role" character varying(16) NOT NULL, "actor_client_id" uuid, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "rupture_transitions_actor_check" CHECK (("actor_role" = 'client') = ("actor_client_id" IS NOT NULL) AND "actor_role" IN ('client', 'therapist')), CONSTRAINT "rupture_transitions_stage_check" CHECK ("to_stage" IN ('reported', 'recognized', 'initiated', 'completed')), CONSTRAINT "rupture_transitions_event_check" CHECK ("event" IN ('reported', 'recognized', 'initiated', 'attempt_incomplete', 'completed')), CONSTRAINT "PK_8206354e0843cf865d89886f69c" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "rupture_transitions_once_key" ON "rupture_transitions"  ("rupture_id", "event") WHERE "event" IN ('reported', 'recognized', 'completed')`);
        await queryRunner.query(`CREATE INDEX "rupture_transitions_rupture_idx" ON "rupture_transitions"  ("rupture_id", "seq") `);
        await queryRunner.query(`ALTER TABLE "ruptures" ADD CONSTRAINT "FK_178cdc5933bd0a4f0e29c09b80e" FOREIGN KEY ("couple_id") REFERENCES "couples"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "ruptures" ADD CONSTRAINT "FK_94e3446ae24fa2ee0fa91a2da6a" FOREIGN KEY ("reported_by_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "ruptures" ADD CONSTRAINT "FK_ad5fe549dd90142eb68dae55270" FOREIGN KEY ("reported_by_client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "ruptures" ADD CONSTRAINT "FK_3c2d21f8af5197b6bf01bde9787" FOREIGN KEY ("recurrence_of_id") REFERENCES "ruptures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "repair_attempts" ADD CONSTRAINT "FK_acb728bf7a46e90a7bf44e04d17" FOREIGN KEY ("rupture_id") REFERENCES "ruptures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "repair_attempts" ADD CONSTRAINT "FK_2f0ba1b2b445668597479d5c3be" FOREIGN KEY ("initiator_client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "repair_attempts" ADD CONSTRAINT "FK_6aad5c194521ed2f6d3a239c079" FOREIGN KEY ("recorded_by_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "repair_confirmations" ADD CONSTRAINT "FK_b35b0bdc4ccd1976a84ed35f9fb" FOREIGN KEY ("attempt_id") REFERENCES "repair_attempts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "repair_confirmations" ADD CONSTRAINT "FK_2ef2d431d307f1785d672e233ab" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "repair_confirmations" ADD CONSTRAINT "FK_98ac8e4e49b96ac5243ed691fb3" FOREIGN KEY ("confirmed_by_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "rupture_recognitions" ADD CONSTRAINT "FK_ffd026b851dfc0c4a08de81009f" FOREIGN KEY ("rupture_id") REFERENCES "ruptures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "rupture_recognitions" ADD CONSTRAINT "FK_8cc036440f9967892a15a355bb2" FOREIGN KEY ("recognized_by_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "rupture_recognitions" ADD CONSTRAINT "FK_f7b5e6703e086bd661a7d4f4f41" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "rupture_transitions" ADD CONSTRAINT "FK_30f180178ee503195e32b13ced7" FOREIGN KEY ("rupture_id") REFERENCES "ruptures"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "rupture_transitions" ADD CONSTRAINT "FK_29224cec4418bf5fc07d6cd04c8" FOREIGN KEY ("attempt_id") REFERENCES "repair_attempts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "rupture_transitions" ADD CONSTRAINT "FK_20dbbe60ec5f1aec8e19b2a2005" FOREIGN KEY ("actor_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "rupture_transitions" ADD CONSTRAINT "FK_f05f63b7a443310143c99508777" FOREIGN KEY ("actor_client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        // Hand-written: what TypeORM cannot express.

        // Recurrence and the theme filter look up a couple's ruptures by theme.
        await queryRunner.query(`CREATE INDEX "ruptures_themes_idx" ON "ruptures" USING gin ("themes")`);

        // What was recognised, confirmed and transitioned is history: append-only in the database itself.
        for (const table of ['rupture_recognitions', 'repair_confirmations', 'rupture_transitions']) {
            await queryRunner.query(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
            await queryRunner.query(`CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "rupture_transitions" DROP CONSTRAINT "FK_f05f63b7a443310143c99508777"`);
        for (const table of ['rupture_transitions', 'repair_confirmations', 'rupture_recognitions']) {
            await queryRunner.query(`DROP TRIGGER "${table}_no_truncate" ON "${table}"`);
            await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
        }
        await queryRunner.query(`DROP INDEX "ruptures_themes_idx"`);
        await queryRunner.query(`ALTER TABLE "rupture_transitions" DROP CONSTRAINT "FK_20dbbe60ec5f1aec8e19b2a2005"`);
        await queryRunner.query(`ALTER TABLE "rupture_transitions" DROP CONSTRAINT "FK_29224cec4418bf5fc07d6cd04c8"`);
        await queryRunner.query(`ALTER TABLE "rupture_transitions" DROP CONSTRAINT "FK_30f180178ee503195e32b13ced7"`);
        await queryRunner.query(`ALTER TABLE "rupture_recognitions" DROP CONSTRAINT "FK_f7b5e6703e086bd661a7d4f4f41"`);
        await queryRunner.query(`ALTER TABLE "rupture_recognitions" DROP CONSTRAINT "FK_8cc036440f9967892a15a355bb2"`);
        await queryRunner.query(`ALTER TABLE "rupture_recognitions" DROP CONSTRAINT "FK_ffd026b851dfc0c4a08de81009f"`);
        await queryRunner.query(`ALTER TABLE "repair_confirmations" DROP CONSTRAINT "FK_98ac8e4e49b96ac5243ed691fb3"`);
        await queryRunner.query(`ALTER TABLE "repair_confirmations" DROP CONSTRAINT "FK_2ef2d431d307f1785d672e233ab"`);
        await queryRunner.query(`ALTER TABLE "repair_confirmations" DROP CONSTRAINT "FK_b35b0bdc4ccd1976a84ed35f9fb"`);
        await queryRunner.query(`ALTER TABLE "repair_attempts" DROP CONSTRAINT "FK_6aad5c194521ed2f6d3a239c079"`);
        await queryRunner.query(`ALTER TABLE "repair_attempts" DROP CONSTRAINT "FK_2f0ba1b2b445668597479d5c3be"`);
        await queryRunner.query(`ALTER TABLE "repair_attempts" DROP CONSTRAINT "FK_acb728bf7a46e90a7bf44e04d17"`);
        await queryRunner.query(`ALTER TABLE "ruptures" DROP CONSTRAINT "FK_3c2d21f8af5197b6bf01bde9787"`);
        await queryRunner.query(`ALTER TABLE "ruptures" DROP CONSTRAINT "FK_ad5fe549dd90142eb68dae55270"`);
        await queryRunner.query(`ALTER TABLE "ruptures" DROP CONSTRAINT "FK_94e3446ae24fa2ee0fa91a2da6a"`);
        await queryRunner.query(`ALTER TABLE "ruptures" DROP CONSTRAINT "FK_178cdc5933bd0a4f0e29c09b80e"`);
        await queryRunner.query(`DROP INDEX "public"."rupture_transitions_rupture_idx"`);
        await queryRunner.query(`DROP INDEX "public"."rupture_transitions_once_key"`);
        await queryRunner.query(`DROP TABLE "rupture_transitions"`);
        await queryRunner.query(`DROP INDEX "public"."rupture_recognitions_once_key"`);
        await queryRunner.query(`DROP TABLE "rupture_recognitions"`);
        await queryRunner.query(`DROP INDEX "public"."repair_confirmations_once_key"`);
        await queryRunner.query(`DROP TABLE "repair_confirmations"`);
        await queryRunner.query(`DROP INDEX "public"."repair_attempts_sequence_key"`);
        await queryRunner.query(`DROP INDEX "public"."repair_attempts_one_open"`);
        await queryRunner.query(`DROP TABLE "repair_attempts"`);
        await queryRunner.query(`DROP INDEX "public"."ruptures_couple_occurred_idx"`);
        await queryRunner.query(`DROP TABLE "ruptures"`);
    }
}
