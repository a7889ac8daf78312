import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit events take their number from a sequence and are inserted without a lock; a background
 * sealer later chains committed events into `audit_seals` in batches (see docs/privacy.md).
 */
export class AuditSeals1795650000000 implements MigrationInterface {
    name = 'AuditSeals1795650000000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_seals" ("last_seq" bigint NOT NULL, "first_seq" bigint NOT NULL, "events" integer NOT NULL, "prev_hash" bytea, "hash" bytea NOT NULL, "sealed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "audit_seals_range_check" CHECK ("first_seq" <= "last_seq"), CONSTRAINT "PK_audit_seals_last_seq" PRIMARY KEY ("last_seq"))`);
        // Hand-written: what TypeORM cannot express.

        // Two sealers can never fork the chain: each seal starts where the previous one ended.
        await queryRunner.query(`CREATE UNIQUE INDEX "audit_seals_first_seq_key" ON "audit_seals" ("first_seq")`);
        await queryRunner.query(`CREATE TRIGGER "audit_seals_append_only" BEFORE UPDATE OR DELETE ON "audit_seals" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
        await queryRunner.query(`CREATE TRIGGER "audit_seals_no_truncate" BEFORE TRUNCATE ON "audit_seals" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);

        // A seal's hash covers the previous seal's hash, its range and every event hash in it, in seq order.
        await queryRunner.query(`CREATE FUNCTION audit_seal_digest(prev bytea, first_seq bigint, last_seq bigint, events bigint, event_hashes bytea)
              RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
            SELECT sha256(coalesce(prev, '\\x'::bytea) || convert_to(concat_ws('|', first_seq, last_seq, events), 'UTF8') || coalesce(event_hashes, '\\x'::bytea))
            $$`);

        // Numbers come from a sequence, continuing the chained events before this migration.
        await queryRunner.query(`CREATE SEQUENCE "audit_events_seq" AS bigint OWNED BY "audit_events"."seq"`);
        await queryRunner.query(`SELECT setval('audit_events_seq', coalesce(max(seq), 0) + 1, false) FROM audit_events`);

        // Each event's hash covers its own fields only (prev_hash stays null for new events), so no
        // insert waits for another. The transaction takes its id before its number: the sealer's
        // rule (an event is final once every transaction older than the number's reading has ended)
        // depends on it.
        await queryRunner.query(`DROP TRIGGER "audit_events_chain" ON "audit_events"`);
        await queryRunner.query(`DROP FUNCTION audit_events_chain()`);
        await queryRunner.query(`CREATE FUNCTION audit_events_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              PERFORM pg_current_xact_id();
              NEW.seq := nextval('audit_events_seq');
              NEW.occurred_at := clock_timestamp();
              NEW.prev_hash := NULL;
              NEW.hash := audit_event_digest(NULL, NEW.seq, NEW.occurred_at, NEW.actor_kind, NEW.actor_id, NEW.actor_role,
                NEW.action, NEW.resource_type, NEW.resource_id, NEW.client_ids, NEW.request_id, NEW.source_address);
              RETURN NEW;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER "audit_events_stamp" BEFORE INSERT ON "audit_events" FOR EACH ROW EXECUTE FUNCTION audit_events_stamp()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "audit_events_stamp" ON "audit_events"`);
        await queryRunner.query(`DROP FUNCTION audit_events_stamp()`);
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
        await queryRunner.query(`DROP SEQUENCE "audit_events_seq"`);
        await queryRunner.query(`DROP FUNCTION audit_seal_digest(bytea, bigint, bigint, bigint, bytea)`);
        await queryRunner.query(`DROP TABLE "audit_seals"`);
    }
}
