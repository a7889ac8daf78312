import { MigrationInterface, QueryRunner } from 'typeorm';

export class TherapySessions1795619465281 implements MigrationInterface {
    name = 'TherapySessions1795619465281';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "busy_times" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "therapist_id" uuid NOT NULL, "during" tstzrange NOT NULL, "kind" character varying(16) NOT NULL, "released_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "busy_times_during_check" CHECK (NOT isempty("during") AND NOT lower_inf("during") AND NOT upper_inf("during") AND lower_inc("during") AND NOT upper_inc("during")), CONSTRAINT "busy_times_kind_check" CHECK ("kind" IN ('session', 'connection_call', 'time_off')), CONSTRAINT "busy_times_no_overlap" EXCLUDE USING gist ("therapist_id" WITH =, "during" WITH &&) WHERE ("released_at" IS NULL), CONSTRAINT "PK_a5f748a61a16e4ab2e0dcb5b416" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "calendar_feeds" ("user_id" uuid NOT NULL, "token_hash" bytea NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3212ce9ff23847e66347a6730d3" PRIMARY KEY ("user_id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "calendar_feeds_token_hash_key" ON "calendar_feeds"  ("token_hash") `);
        await queryRunner.query(`CREATE TABLE "therapy_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "therapist_id" uuid NOT NULL, "couple_id" uuid, "client_id" uuid, "during" tstzrange NOT NULL, "busy_time_id" uuid NOT NULL, "modality" character varying(16) NOT NULL, "location" character varying(300), "video_url" character varying(500), "status" character varying(16) NOT NULL DEFAULT 'scheduled', "attended_client_ids" uuid array NOT NULL DEFAULT '{}', "series_id" uuid, "completed_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "cancelled_by" character varying(16), "cancellation_reason" character varying(500), "late_cancellation" boolean, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "REL_47037838a674429a686bcb6ce8" UNIQUE ("busy_time_id"), CONSTRAINT "therapy_sessions_attendance_check" CHECK ("status" = 'completed' OR cardinality("attended_client_ids") = 0), CONSTRAINT "therapy_sessions_completion_check" CHECK (("status" = 'completed') = ("completed_at" IS NOT NULL)), CONSTRAINT "therapy_sessions_cancelled_by_check" CHECK ("cancelled_by" IN ('client', 'therapist', 'clinic')), CONSTRAINT "therapy_sessions_cancellation_check" CHECK (("status" = 'cancelled') = ("cancelled_at" IS NOT NULL AND "cancelled_by" IS NOT NULL AND "late_cancellation" IS NOT NULL)), CONSTRAINT "therapy_sessions_status_check" CHECK ("status" IN ('scheduled', 'completed', 'cancelled', 'no_show')), CONSTRAINT "therapy_sessions_modality_check" CHECK (("modality" = 'in_person' AND "location" IS NOT NULL AND "video_url" IS NULL) OR ("modality" = 'online' AND "video_url" IS NOT NULL AND "location" IS NULL AND "video_url" LIKE 'https://%')), CONSTRAINT "therapy_sessions_during_check" CHECK (NOT isempty("during") AND NOT lower_inf("during") AND NOT upper_inf("during") AND lower_inc("during") AND NOT upper_inc("during") AND upper("during") - lower("during") <= interval '4 hours'), CONSTRAINT "therapy_sessions_one_party_check" CHECK (num_nonnulls("couple_id", "client_id") = 1), CONSTRAINT "PK_6fe6d9add6f1790d13c7946d1cf" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "therapy_sessions_busy_time_key" ON "therapy_sessions"  ("busy_time_id") `);
        await queryRunner.query(`CREATE INDEX "therapy_sessions_series_idx" ON "therapy_sessions"  ("series_id") `);
        await queryRunner.query(`CREATE INDEX "therapy_sessions_client_idx" ON "therapy_sessions"  ("client_id") `);
        await queryRunner.query(`CREATE INDEX "therapy_sessions_couple_idx" ON "therapy_sessions"  ("couple_id") `);
        await queryRunner.query(`CREATE TABLE "clinical_notes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "version" integer NOT NULL, "text" text NOT NULL, "corrects_version" integer, "reason" character varying(500), "author_id" uuid NOT NULL, "written_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "clinical_notes_correction_check" CHECK (("version" = 1 AND "corrects_version" IS NULL AND "reason" IS NULL) OR ("version" > 1 AND "corrects_version" BETWEEN 1 AND "version" - 1 AND "reason" IS NOT NULL)), CONSTRAINT "clinical_notes_text_check" CHECK (char_length("text") BETWEEN 1 AND 20000), CONSTRAINT "PK_590ad4cecf429ecc12e8202cbb4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "clinical_notes_session_version_key" ON "clinical_notes"  ("session_id", "version") `);
        await queryRunner.query(`ALTER TABLE "busy_times" ADD CONSTRAINT "FK_963e7ae3bd1dc0a8fb5f4288763" FOREIGN KEY ("therapist_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "calendar_feeds" ADD CONSTRAINT "FK_3212ce9ff23847e66347a6730d3" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "therapy_sessions" ADD CONSTRAINT "FK_77c53ec87a7e222843cb7df612b" FOREIGN KEY ("therapist_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "therapy_sessions" ADD CONSTRAINT "FK_33ac57db1c83f6c0f6c7de179ad" FOREIGN KEY ("couple_id") REFERENCES "couples"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "therapy_sessions" ADD CONSTRAINT "FK_becf2518ca45977a271bd404939" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "therapy_sessions" ADD CONSTRAINT "FK_47037838a674429a686bcb6ce89" FOREIGN KEY ("busy_time_id") REFERENCES "busy_times"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "therapy_sessions" ADD CONSTRAINT "FK_fd2941a8d06b509e7559ca8bd91" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "clinical_notes" ADD CONSTRAINT "FK_1e1e6ae287edd611b4308c13950" FOREIGN KEY ("session_id") REFERENCES "therapy_sessions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "clinical_notes" ADD CONSTRAINT "FK_2f9a849a2283e3c07f25e57cf6d" FOREIGN KEY ("author_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        // Hand-written: what TypeORM cannot express.

        // Lists and feeds read sessions in start order, per therapist or clinic-wide.
        await queryRunner.query(`CREATE INDEX "therapy_sessions_therapist_start_idx" ON "therapy_sessions" ("therapist_id", lower("during"), "id")`);
        await queryRunner.query(`CREATE INDEX "therapy_sessions_start_idx" ON "therapy_sessions" (lower("during"), "id")`);

        // Clinical notes are never changed or deleted: a correction is a new version.
        await queryRunner.query(`CREATE TRIGGER "clinical_notes_append_only" BEFORE UPDATE OR DELETE ON "clinical_notes" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
        await queryRunner.query(`CREATE TRIGGER "clinical_notes_no_truncate" BEFORE TRUNCATE ON "clinical_notes" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "clinical_notes_no_truncate" ON "clinical_notes"`);
        await queryRunner.query(`DROP TRIGGER "clinical_notes_append_only" ON "clinical_notes"`);
        await queryRunner.query(`DROP INDEX "therapy_sessions_start_idx"`);
        await queryRunner.query(`DROP INDEX "therapy_sessions_therapist_start_idx"`);
        await queryRunner.query(`ALTER TABLE "clinical_notes" DROP CONSTRAINT "FK_2f9a849a2283e3c07f25e57cf6d"`);
        await queryRunner.query(`ALTER TABLE "clinical_notes" DROP CONSTRAINT "FK_1e1e6ae287edd611b4308c13950"`);
        await queryRunner.query(`ALTER TABLE "therapy_sessions" DROP CONSTRAINT "FK_fd2941a8d06b509e7559ca8bd91"`);
        await queryRunner.query(`ALTER TABLE "therapy_sessions" DROP CONSTRAINT "FK_47037838a674429a686bcb6ce89"`);
        await queryRunner.query(`ALTER TABLE "therapy_sessions" DROP CONSTRAINT "FK_becf2518ca45977a271bd404939"`);
        await queryRunner.query(`ALTER TABLE "therapy_sessions" DROP CONSTRAINT "FK_33ac57db1c83f6c0f6c7de179ad"`);
        await queryRunner.query(`ALTER TABLE "therapy_sessions" DROP CONSTRAINT "FK_77c53ec87a7e222843cb7df612b"`);
        await queryRunner.query(`ALTER TABLE "calendar_feeds" DROP CONSTRAINT "FK_3212ce9ff23847e66347a6730d3"`);
        await queryRunner.query(`ALTER TABLE "busy_times" DROP CONSTRAINT "FK_963e7ae3bd1dc0a8fb5f4288763"`);
        await queryRunner.query(`DROP INDEX "public"."clinical_notes_session_version_key"`);
        await queryRunner.query(`DROP TABLE "clinical_notes"`);
        await queryRunner.query(`DROP INDEX "public"."therapy_sessions_couple_idx"`);
        await queryRunner.query(`DROP INDEX "public"."therapy_sessions_client_idx"`);
        await queryRunner.query(`DROP INDEX "public"."therapy_sessions_series_idx"`);
        await queryRunner.query(`DROP INDEX "public"."therapy_sessions_busy_time_key"`);
        await queryRunner.query(`DROP TABLE "therapy_sessions"`);
        await queryRunner.query(`DROP INDEX "public"."calendar_feeds_token_hash_key"`);
        await queryRunner.query(`DROP TABLE "calendar_feeds"`);
        await queryRunner.query(`DROP TABLE "busy_times"`);
    }
}
