import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClientsCouplesAudit1795618720732 implements MigrationInterface {
    name = 'ClientsCouplesAudit1795618720732';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_events" ("seq" bigint NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_kind" character varying(16) NOT NULL, "actor_id" uuid, "actor_role" character varying(16), "action" character varying(32) NOT NULL, "resource_type" character varying(40) NOT NULL, "resource_id" uuid, "client_ids" uuid array NOT NULL DEFAULT '{}', "request_id" character varying(128), "source_address" inet, "prev_hash" bytea, "hash" bytea NOT NULL, CONSTRAINT "PK_6e299f5706e715265416fefe53e" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events"  ("occurred_at") `);
        await queryRunner.query(`CREATE INDEX "audit_events_actor_idx" ON "audit_events"  ("actor_id") `);
        await queryRunner.query(`CREATE INDEX "audit_events_action_idx" ON "audit_events"  ("action") `);
        await queryRunner.query(`CREATE TABLE "clients" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "legal_name" character varying(200) NOT NULL, "preferred_name" character varying(200), "pronouns" character varying(50), "date_of_birth" date NOT NULL, "email" character varying(254), "phone" character varying(16), "status" character varying(16) NOT NULL DEFAULT 'active', "primary_therapist_id" uuid NOT NULL, "portal_user_id" uuid, "last_contact_at" TIMESTAMP WITH TIME ZONE, "archived_at" TIMESTAMP WITH TIME ZONE, "purged_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "address_line1" character varying(200), "address_line2" character varying(200), "address_city" character varying(100), "address_province" character varying(2) NOT NULL DEFAULT 'ON', "address_postal_code" character varying(7), "emergency_contact_name" character varying(200), "emergency_contact_phone" character varying(16), "emergency_contact_relationship" character varying(100), CONSTRAINT "clients_status_check" CHECK ("status" IN ('active', 'inactive', 'discharged')), CONSTRAINT "PK_f1ab7cf3a5714dbc6bb4e1c28a4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "clients_portal_user_key" ON "clients"  ("portal_user_id") `);
        await queryRunner.query(`CREATE INDEX "clients_name_idx" ON "clients"  ("legal_name", "id") `);
        await queryRunner.query(`CREATE INDEX "clients_therapist_name_idx" ON "clients"  ("primary_therapist_id", "legal_name", "id") `);
        await queryRunner.query(`CREATE TABLE "consents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "client_id" uuid NOT NULL, "purpose" character varying(40) NOT NULL, "decision" character varying(16) NOT NULL, "note" character varying(500), "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "consents_decision_check" CHECK ("decision" IN ('granted', 'withdrawn')), CONSTRAINT "consents_purpose_check" CHECK ("purpose" IN ('treatment', 'joint_record_release', 'email_contact')), CONSTRAINT "PK_9efc68eb6aba7d638fb6ea034dd" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "consents_client_purpose_idx" ON "consents"  ("client_id", "purpose", "recorded_at") `);
        await queryRunner.query(`CREATE TABLE "couples" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "partner_a_id" uuid NOT NULL, "partner_b_id" uuid NOT NULL, "therapist_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'active', "started_on" date NOT NULL, "ended_on" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "couples_dates_check" CHECK ("ended_on" IS NULL OR "ended_on" >= "started_on"), CONSTRAINT "couples_status_check" CHECK ("status" IN ('active', 'paused', 'ended')), CONSTRAINT "couples_distinct_partners_check" CHECK ("partner_a_id" <> "partner_b_id"), CONSTRAINT "PK_bd7364cfee909d0cb1912bb25f0" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "couples_partner_a_idx" ON "couples"  ("partner_a_id") `);
        await queryRunner.query(`CREATE INDEX "couples_partner_b_idx" ON "couples"  ("partner_b_id") `);
        await queryRunner.query(`CREATE INDEX "couples_therapist_started_idx" ON "couples"  ("therapist_id", "started_on", "id") `);
        await queryRunner.query(`ALTER TABLE "clients" ADD CONSTRAINT "FK_ea7c6a226755c723640fd4b6096" FOREIGN KEY ("primary_therapist_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "clients" ADD CONSTRAINT "FK_ef727ec81f5f9ad785738ca1d2e" FOREIGN KEY ("portal_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invitations" ADD CONSTRAINT "FK_b3ca92622941bab607e687b3e3a" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "consents" ADD CONSTRAINT "FK_618e4fb7c4dc5b95a223cc9866c" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "consents" ADD CONSTRAINT "FK_84aa59f22bec8105a3e2710ce24" FOREIGN KEY ("recorded_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "couples" ADD CONSTRAINT "FK_ef2258c1f1ee6c707f823393d1f" FOREIGN KEY ("partner_a_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "couples" ADD CONSTRAINT "FK_fdc67dae2f0f51e695d65e62449" FOREIGN KEY ("partner_b_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "couples" ADD CONSTRAINT "FK_73ff033f563851767181bb7cb3f" FOREIGN KEY ("therapist_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        // Hand-written: what TypeORM cannot express.

        // Name search stays fast at 100,000 clients.
        await queryRunner.query(`CREATE INDEX "clients_name_trgm_idx" ON "clients" USING gin ((legal_name || ' ' || coalesce(preferred_name, '')) gin_trgm_ops)`);

        // One client, at most one couple that has not ended. The membership rows mirror each
        // couple's partners and status, maintained by a trigger, so a unique index can say it.
        await queryRunner.query(`CREATE TABLE "couple_memberships" (
            "couple_id" uuid NOT NULL REFERENCES "couples"("id") ON DELETE CASCADE,
            "client_id" uuid NOT NULL REFERENCES "clients"("id") ON DELETE RESTRICT,
            "current" boolean NOT NULL,
            PRIMARY KEY ("couple_id", "client_id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "couple_memberships_one_active" ON "couple_memberships" ("client_id") WHERE "current"`);
        await queryRunner.query(`CREATE FUNCTION couples_sync_memberships() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'INSERT' THEN
                INSERT INTO couple_memberships (couple_id, client_id, current)
                VALUES (NEW.id, NEW.partner_a_id, NEW.status <> 'ended'), (NEW.id, NEW.partner_b_id, NEW.status <> 'ended');
              ELSIF NEW.partner_a_id IS DISTINCT FROM OLD.partner_a_id OR NEW.partner_b_id IS DISTINCT FROM OLD.partner_b_id THEN
                RAISE EXCEPTION 'the partners of a couple do not change' USING ERRCODE = 'check_violation';
              ELSE
                UPDATE couple_memberships SET current = (NEW.status <> 'ended') WHERE couple_id = NEW.id;
              END IF;
              RETURN NEW;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER "couples_sync_memberships" AFTER INSERT OR UPDATE OF status, partner_a_id, partner_b_id ON "couples"
            FOR EACH ROW EXECUTE FUNCTION couples_sync_memberships()`);

        // Ledgers are append-only in the database itself.
        await queryRunner.query(`CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
            END $$`);
        await queryRunner.query(`CREATE TRIGGER "consents_append_only" BEFORE UPDATE OR DELETE ON "consents" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
        await queryRunner.query(`CREATE TRIGGER "consents_no_truncate" BEFORE TRUNCATE ON "consents" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
        await queryRunner.query(`CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
        await queryRunner.query(`CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);

        // The access log of one client.
        await queryRunner.query(`CREATE INDEX "audit_events_client_ids_idx" ON "audit_events" USING gin ("client_ids")`);

        // The hash chain: each event's hash covers the previous hash and its own fields.
        await queryRunner.query(`CREATE FUNCTION audit_event_digest(prev bytea, seq bigint, occurred_at timestamptz, actor_kind text,
              actor_id uuid, actor_role text, action text, resource_type text, resource_id uuid, client_ids uuid[],
              request_id text, source_address inet) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
            SELECT sha256(coalesce(prev, '\\x'::bytea) || convert_to(concat_ws('|', seq,
              to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), actor_kind, coalesce(actor_id::text, ''),
              coalesce(actor_role, ''), action, resource_type, coalesce(resource_id::text, ''), array_to_string(client_ids, ','),
              coalesce(request_id, ''), coalesce(host(source_address), '')), 'UTF8'))
            $$`);
        // Writers queue on a transaction lock, so each sees the last committed link: no forks.
        // Audited transactions must run at READ COMMITTED (the default) for that to hold.
        await queryRunner.query(`CREATE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE last_seq bigint; last_hash bytea;
            BEGIN
              PERFORM pg_advisory_xact_lock(7413002);
              SELECT e.seq, e.hash INTO last_seq, last_hash FROM audit_events e ORDER BY e.seq DESC LIMIT 1;
              NEW.seq := coalesce(last_seq, 0) + 1;
              NEW.occurred_at := clock_timestamp();
              NEW.prev_hash := last_hash;
              NEW.hash := audit_event_digest(NEW.prev_hash, NEW.seq, NEW.occurred_at, NEW.actor_kind, NEW.actor_id, NEW.actor_role,
                NEW.action, NEW.resource_type, NEW.resource_id, NEW.client_ids, NEW.request_id, NEW.source_address);
              RETURN NEW;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER "audit_events_chain" BEFORE INSERT ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_chain()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "audit_events_chain" ON "audit_events"`);
        await queryRunner.query(`DROP FUNCTION audit_events_chain()`);
        await queryRunner.query(`DROP FUNCTION audit_event_digest(bytea, bigint, timestamptz, text, uuid, text, text, text, uuid, uuid[], text, inet)`);
        await queryRunner.query(`DROP INDEX "audit_events_client_ids_idx"`);
        await queryRunner.query(`DROP TRIGGER "audit_events_no_truncate" ON "audit_events"`);
        await queryRunner.query(`DROP TRIGGER "audit_events_append_only" ON "audit_events"`);
        await queryRunner.query(`DROP TRIGGER "consents_no_truncate" ON "consents"`);
        await queryRunner.query(`DROP TRIGGER "consents_append_only" ON "consents"`);
        await queryRunner.query(`DROP FUNCTION refuse_change()`);
        await queryRunner.query(`DROP TRIGGER "couples_sync_memberships" ON "couples"`);
        await queryRunner.query(`DROP FUNCTION couples_sync_memberships()`);
        await queryRunner.query(`DROP TABLE "couple_memberships"`);
        await queryRunner.query(`DROP INDEX "clients_name_trgm_idx"`);
        await queryRunner.query(`ALTER TABLE "couples" DROP CONSTRAINT "FK_73ff033f563851767181bb7cb3f"`);
        await queryRunner.query(`ALTER TABLE "couples" DROP CONSTRAINT "FK_fdc67dae2f0f51e695d65e62449"`);
        await queryRunner.query(`ALTER TABLE "couples" DROP CONSTRAINT "FK_ef2258c1f1ee6c707f823393d1f"`);
        await queryRunner.query(`ALTER TABLE "consents" DROP CONSTRAINT "FK_84aa59f22bec8105a3e2710ce24"`);
        await queryRunner.query(`ALTER TABLE "consents" DROP CONSTRAINT "FK_618e4fb7c4dc5b95a223cc9866c"`);
        await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "FK_b3ca92622941bab607e687b3e3a"`);
        await queryRunner.query(`ALTER TABLE "clients" DROP CONSTRAINT "FK_ef727ec81f5f9ad785738ca1d2e"`);
        await queryRunner.query(`ALTER TABLE "clients" DROP CONSTRAINT "FK_ea7c6a226755c723640fd4b6096"`);
        await queryRunner.query(`DROP INDEX "public"."couples_therapist_started_idx"`);
        await queryRunner.query(`DROP INDEX "public"."couples_partner_b_idx"`);
        await queryRunner.query(`DROP INDEX "public"."couples_partner_a_idx"`);
        await queryRunner.query(`DROP TABLE "couples"`);
        await queryRunner.query(`DROP INDEX "public"."consents_client_purpose_idx"`);
        await queryRunner.query(`DROP TABLE "consents"`);
        await queryRunner.query(`DROP INDEX "public"."clients_therapist_name_idx"`);
        await queryRunner.query(`DROP INDEX "public"."clients_name_idx"`);
        await queryRunner.query(`DROP INDEX "public"."clients_portal_user_key"`);
        await queryRunner.query(`DROP TABLE "clients"`);
        await queryRunner.query(`DROP INDEX "public"."audit_events_action_idx"`);
        await queryRunner.query(`DROP INDEX "public"."audit_events_actor_idx"`);
        await queryRunner.query(`DROP INDEX "public"."audit_events_occurred_at_idx"`);
        await queryRunner.query(`DROP TABLE "audit_events"`);
    }
}
