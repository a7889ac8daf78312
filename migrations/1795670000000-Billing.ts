import { MigrationInterface, QueryRunner } from 'typeorm';

/** Ledgers of billing that are never changed once written (refuse_change()). */
const APPEND_ONLY = ['service_prices', 'invoice_lines', 'credit_notes', 'credit_note_lines', 'payments', 'payment_allocations'];

/**
 * The fee schedule the clinic starts with (docs/billing.md): admins set their own prices as new
 * effective-dated rows. Prices start on 20 June 2024, when psychotherapy became exempt.
 */
const DEFAULT_SERVICE_TYPES: [code: string, name: string, kind: string, party: string | null, minutes: number | null, tax: string, cents: number][] = [
  ['individual_50', 'Individual psychotherapy session, 50 minutes', 'session', 'individual', 50, 'exempt', 15000],
  ['couple_50', 'Couple psychotherapy session, 50 minutes', 'session', 'couple', 50, 'exempt', 17500],
  ['couple_80', 'Couple psychotherapy session, 80 minutes', 'session', 'couple', 80, 'exempt', 25000],
  ['couple_90', 'Couple psychotherapy session, 90 minutes', 'session', 'couple', 90, 'exempt', 28000],
  ['late_cancellation', 'Late cancellation fee', 'late_cancellation', null, null, 'exempt', 7500],
  ['no_show', 'Missed appointment (no-show) fee', 'no_show', null, null, 'exempt', 10000],
  ['third_party_report', 'Letter or report for a third party', 'document', null, null, 'hst_13', 20000],
];

/**
 * Billing (docs/billing.md): fee schedule, invoices, credit notes, payments and their
 * allocations, the couple's billing arrangement. Issued records are immutable in the database;
 * totals are checked against their lines, and allocations against payments and lines, at commit.
 */
export class Billing1795670000000 implements MigrationInterface {
    name = 'Billing1795670000000';

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "service_types" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(40) NOT NULL, "name" character varying(200) NOT NULL, "kind" character varying(20) NOT NULL, "party" character varying(16), "duration_minutes" integer, "tax_treatment" character varying(16) NOT NULL, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "service_types_session_shape_check" CHECK ("kind" <> 'session' OR ("party" IS NOT NULL AND "duration_minutes" IS NOT NULL)), CONSTRAINT "service_types_duration_check" CHECK ("duration_minutes" IS NULL OR "duration_minutes" BETWEEN 1 AND 240), CONSTRAINT "service_types_tax_treatment_check" CHECK ("tax_treatment" IN ('exempt', 'hst_13')), CONSTRAINT "service_types_party_check" CHECK ("party" IN ('individual', 'couple')), CONSTRAINT "service_types_kind_check" CHECK ("kind" IN ('session', 'late_cancellation', 'no_show', 'document')), CONSTRAINT "PK_1dc93417a097cdee3491f39d7cc" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "service_types_code_key" ON "service_types"  ("code") `);
        await queryRunner.query(`CREATE TABLE "service_prices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "service_type_id" uuid NOT NULL, "effective_from" date NOT NULL, "unit_price_cents" integer NOT NULL, "set_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "service_prices_amount_check" CHECK ("unit_price_cents" >= 0 AND "unit_price_cents" <= 10000000), CONSTRAINT "PK_d03695e32fe299c7b53f7775804" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "service_prices_type_from_key" ON "service_prices"  ("service_type_id", "effective_from") `);
        await queryRunner.query(`CREATE TABLE "billing_counters" ("name" character varying(20) NOT NULL, "last_number" integer NOT NULL DEFAULT '0', CONSTRAINT "billing_counters_last_number_check" CHECK ("last_number" >= 0), CONSTRAINT "billing_counters_name_check" CHECK ("name" IN ('invoice', 'credit_note')), CONSTRAINT "PK_5d82651e5d35412be117828d224" PRIMARY KEY ("name"))`);
        await queryRunner.query(`CREATE TABLE "invoices" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" integer NOT NULL, "payer_client_id" uuid NOT NULL, "couple_id" uuid, "status" character varying(16) NOT NULL DEFAULT 'issued', "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_on" date NOT NULL, "period_from" date, "period_to" date, "subtotal_cents" integer NOT NULL, "tax_cents" integer NOT NULL, "total_cents" integer NOT NULL, "hst_number" character varying(30), "issued_by" uuid NOT NULL, "voided_at" TIMESTAMP WITH TIME ZONE, "voided_by" uuid, "void_reason" character varying(500), CONSTRAINT "invoices_period_check" CHECK (("period_from" IS NULL) = ("period_to" IS NULL) AND ("period_to" IS NULL OR "period_to" > "period_from")), CONSTRAINT "invoices_void_check" CHECK (("status" = 'void') = ("voided_at" IS NOT NULL AND "voided_by" IS NOT NULL AND "void_reason" IS NOT NULL)), CONSTRAINT "invoices_amounts_check" CHECK ("subtotal_cents" >= 0 AND "tax_cents" >= 0 AND "total_cents" = "subtotal_cents" + "tax_cents"), CONSTRAINT "invoices_number_check" CHECK ("number" > 0), CONSTRAINT "invoices_status_check" CHECK ("status" IN ('issued', 'void')), CONSTRAINT "PK_668cef7c22a427fd822cc1be3ce" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "invoices_couple_idx" ON "invoices"  ("couple_id") `);
        await queryRunner.query(`CREATE INDEX "invoices_issued_idx" ON "invoices"  ("issued_at", "id") `);
        await queryRunner.query(`CREATE INDEX "invoices_payer_issued_idx" ON "invoices"  ("payer_client_id", "issued_at", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "invoices_number_key" ON "invoices"  ("number") `);
        await queryRunner.query(`CREATE TABLE "invoice_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "invoice_id" uuid NOT NULL, "position" smallint NOT NULL, "service_type_id" uuid NOT NULL, "therapy_session_id" uuid, "therapist_id" uuid NOT NULL, "service_date" date NOT NULL, "duration_minutes" integer, "description" character varying(300) NOT NULL, "tax_treatment" character varying(16) NOT NULL, "fee_cents" integer NOT NULL, "share_basis_points" integer NOT NULL DEFAULT '10000', "amount_cents" integer NOT NULL, "tax_cents" integer NOT NULL, "total_cents" integer NOT NULL, CONSTRAINT "invoice_lines_duration_check" CHECK ("duration_minutes" IS NULL OR "duration_minutes" BETWEEN 1 AND 240), CONSTRAINT "invoice_lines_total_check" CHECK ("total_cents" = "amount_cents" + "tax_cents"), CONSTRAINT "invoice_lines_tax_check" CHECK ("tax_cents" = CASE "tax_treatment" WHEN 'hst_13' THEN ("amount_cents" * 13 + 50) / 100 ELSE 0 END), CONSTRAINT "invoice_lines_amount_check" CHECK ("fee_cents" >= 0 AND "amount_cents" >= 0 AND "amount_cents" <= "fee_cents"), CONSTRAINT "invoice_lines_share_check" CHECK ("share_basis_points" BETWEEN 1 AND 10000), CONSTRAINT "invoice_lines_tax_treatment_check" CHECK ("tax_treatment" IN ('exempt', 'hst_13')), CONSTRAINT "invoice_lines_position_check" CHECK ("position" >= 1), CONSTRAINT "PK_3d18eb48142b916f581f0c21a65" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "invoice_lines_therapist_date_idx" ON "invoice_lines"  ("therapist_id", "service_date") `);
        await queryRunner.query(`CREATE INDEX "invoice_lines_session_idx" ON "invoice_lines"  ("therapy_session_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "invoice_lines_invoice_position_key" ON "invoice_lines"  ("invoice_id", "position") `);
        await queryRunner.query(`CREATE TABLE "credit_notes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" integer NOT NULL, "invoice_id" uuid NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" character varying(500) NOT NULL, "subtotal_cents" integer NOT NULL, "tax_cents" integer NOT NULL, "total_cents" integer NOT NULL, "issued_by" uuid NOT NULL, CONSTRAINT "credit_notes_amounts_check" CHECK ("subtotal_cents" >= 0 AND "tax_cents" >= 0 AND "total_cents" = "subtotal_cents" + "tax_cents" AND "total_cents" > 0), CONSTRAINT "credit_notes_number_check" CHECK ("number" > 0), CONSTRAINT "PK_4933888a20b5469e119ad74b9e9" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "credit_notes_issued_idx" ON "credit_notes"  ("issued_at", "id") `);
        await queryRunner.query(`CREATE INDEX "credit_notes_invoice_idx" ON "credit_notes"  ("invoice_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "credit_notes_number_key" ON "credit_notes"  ("number") `);
        await queryRunner.query(`CREATE TABLE "credit_note_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "credit_note_id" uuid NOT NULL, "invoice_line_id" uuid NOT NULL, "tax_treatment" character varying(16) NOT NULL, "amount_cents" integer NOT NULL, "tax_cents" integer NOT NULL, "total_cents" integer NOT NULL, CONSTRAINT "credit_note_lines_total_check" CHECK ("total_cents" = "amount_cents" + "tax_cents"), CONSTRAINT "credit_note_lines_tax_check" CHECK ("tax_cents" = CASE "tax_treatment" WHEN 'hst_13' THEN ("amount_cents" * 13 + 50) / 100 ELSE 0 END), CONSTRAINT "credit_note_lines_amount_check" CHECK ("amount_cents" > 0), CONSTRAINT "credit_note_lines_tax_treatment_check" CHECK ("tax_treatment" IN ('exempt', 'hst_13')), CONSTRAINT "PK_179cc6edb6a224ec408a8fc04a4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "credit_note_lines_invoice_line_idx" ON "credit_note_lines"  ("invoice_line_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "credit_note_lines_note_line_key" ON "credit_note_lines"  ("credit_note_id", "invoice_line_id") `);
        await queryRunner.query(`CREATE TABLE "payments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "payer_client_id" uuid NOT NULL, "method" character varying(20) NOT NULL, "amount_cents" integer NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reference" character varying(100), "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "payments_reference_check" CHECK ("reference" !~ '[0-9][0-9 -]{10,}[0-9]'), CONSTRAINT "payments_amount_check" CHECK ("amount_cents" > 0 AND "amount_cents" <= 10000000), CONSTRAINT "payments_method_check" CHECK ("method" IN ('cash', 'e_transfer', 'card_terminal', 'insurer_direct')), CONSTRAINT "PK_197ab7af18c93fbb0c9b28b4a59" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "payments_received_idx" ON "payments"  ("received_at", "id") `);
        await queryRunner.query(`CREATE INDEX "payments_payer_received_idx" ON "payments"  ("payer_client_id", "received_at", "id") `);
        await queryRunner.query(`CREATE TABLE "payment_allocations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "payment_id" uuid NOT NULL, "invoice_line_id" uuid NOT NULL, "invoice_id" uuid NOT NULL, "amount_cents" integer NOT NULL, "credit_note_id" uuid, "allocated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "payment_allocations_reversal_check" CHECK (("amount_cents" < 0) = ("credit_note_id" IS NOT NULL)), CONSTRAINT "payment_allocations_amount_check" CHECK ("amount_cents" <> 0), CONSTRAINT "PK_a5c6ff22065ac772620c85f4efb" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "payment_allocations_invoice_idx" ON "payment_allocations"  ("invoice_id") `);
        await queryRunner.query(`CREATE INDEX "payment_allocations_line_idx" ON "payment_allocations"  ("invoice_line_id") `);
        await queryRunner.query(`CREATE INDEX "payment_allocations_payment_idx" ON "payment_allocations"  ("payment_id") `);
        await queryRunner.query(`ALTER TABLE "couples" ADD "billing_payer" character varying(16) NOT NULL DEFAULT 'partner_a'`);
        await queryRunner.query(`ALTER TABLE "couples" ADD "billing_share_a_basis_points" integer`);
        await queryRunner.query(`ALTER TABLE "couples" ADD CONSTRAINT "couples_billing_share_check" CHECK (("billing_payer" = 'split') = ("billing_share_a_basis_points" IS NOT NULL) AND ("billing_share_a_basis_points" IS NULL OR "billing_share_a_basis_points" BETWEEN 1 AND 9999))`);
        await queryRunner.query(`ALTER TABLE "couples" ADD CONSTRAINT "couples_billing_payer_check" CHECK ("billing_payer" IN ('partner_a', 'partner_b', 'split'))`);
        await queryRunner.query(`ALTER TABLE "service_prices" ADD CONSTRAINT "FK_1c05628ac7e7a6af7025674a7c3" FOREIGN KEY ("service_type_id") REFERENCES "service_types"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "service_prices" ADD CONSTRAINT "FK_d6b23f08e68d46ee5130059183d" FOREIGN KEY ("set_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoices" ADD CONSTRAINT "FK_7caa82d194d5107182b99980a10" FOREIGN KEY ("payer_client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoices" ADD CONSTRAINT "FK_95ead0ebbac44d416e5fda1aef3" FOREIGN KEY ("couple_id") REFERENCES "couples"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoices" ADD CONSTRAINT "FK_583c9037bc0cbe84ab512a33580" FOREIGN KEY ("issued_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoices" ADD CONSTRAINT "FK_e9682eb7c1839bb55c6b77e5b81" FOREIGN KEY ("voided_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoice_lines" ADD CONSTRAINT "FK_2da95dc86a54a00ff20ce46d0fe" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoice_lines" ADD CONSTRAINT "FK_68fe4ea176bc29081dadba7f9e3" FOREIGN KEY ("service_type_id") REFERENCES "service_types"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoice_lines" ADD CONSTRAINT "FK_3d538a4a65ab403752162efc06f" FOREIGN KEY ("therapy_session_id") REFERENCES "therapy_sessions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "invoice_lines" ADD CONSTRAINT "FK_c572800f150693c1d4f5d9a84d3" FOREIGN KEY ("therapist_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "credit_notes" ADD CONSTRAINT "FK_ab75ae7ceab2ad0e3c77768c373" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "credit_notes" ADD CONSTRAINT "FK_37262419b7f5d6e6923bab21648" FOREIGN KEY ("issued_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "credit_note_lines" ADD CONSTRAINT "FK_71a76737c78041f36d917f7affc" FOREIGN KEY ("credit_note_id") REFERENCES "credit_notes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "credit_note_lines" ADD CONSTRAINT "FK_57c4101b8b050bd1a68b4ddca01" FOREIGN KEY ("invoice_line_id") REFERENCES "invoice_lines"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "payments" ADD CONSTRAINT "FK_256e8673bcd00bee9f36221949b" FOREIGN KEY ("payer_client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "payments" ADD CONSTRAINT "FK_b8128ab843771cf6d42ab3ca188" FOREIGN KEY ("recorded_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "payment_allocations" ADD CONSTRAINT "FK_4348f49c6822420b9503ba880b8" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "payment_allocations" ADD CONSTRAINT "FK_5a357d2b5bf058cc15a6b017557" FOREIGN KEY ("invoice_line_id") REFERENCES "invoice_lines"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "payment_allocations" ADD CONSTRAINT "FK_72095d7b95a6168756ea7d4fbc5" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "payment_allocations" ADD CONSTRAINT "FK_c2fadfcf8eb7ad3e832fa419c32" FOREIGN KEY ("credit_note_id") REFERENCES "credit_notes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`INSERT INTO "billing_counters" ("name", "last_number") VALUES ('invoice', 0), ('credit_note', 0)`);
        for (const [code, name, kind, party, minutes, tax, cents] of DEFAULT_SERVICE_TYPES) {
            await queryRunner.query(
                `WITH t AS (INSERT INTO "service_types" ("code", "name", "kind", "party", "duration_minutes", "tax_treatment") VALUES ($1, $2, $3, $4, $5, $6) RETURNING "id")
                 INSERT INTO "service_prices" ("service_type_id", "effective_from", "unit_price_cents") SELECT "id", DATE '2024-06-20', $7 FROM t`,
                [code, name, kind, party, minutes, tax, cents],
            );
        }

        for (const table of APPEND_ONLY) {
            await queryRunner.query(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
            await queryRunner.query(`CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
        }
        await queryRunner.query(`CREATE TRIGGER "invoices_no_truncate" BEFORE TRUNCATE ON "invoices" FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);

        // An issued invoice changes only once: issued → void, with nothing paid on it; it is never deleted.
        await queryRunner.query(`CREATE FUNCTION invoices_issued_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
              voiding CONSTANT text[] := ARRAY['status', 'voided_at', 'voided_by', 'void_reason'];
            BEGIN
              IF TG_OP = 'UPDATE' AND OLD.status = 'issued' AND NEW.status = 'void' AND (to_jsonb(NEW) - voiding) = (to_jsonb(OLD) - voiding) THEN
                IF EXISTS (SELECT 1 FROM payment_allocations a WHERE a.invoice_id = OLD.id HAVING coalesce(sum(a.amount_cents), 0) <> 0) THEN
                  RAISE EXCEPTION 'invoice % has payments applied and cannot be voided', OLD.number USING ERRCODE = 'check_violation', CONSTRAINT = 'invoices_void_unpaid';
                END IF;
                RETURN NEW;
              END IF;
              RAISE EXCEPTION 'invoice % is issued and cannot change', OLD.number USING ERRCODE = 'check_violation', CONSTRAINT = 'invoices_issued_immutable';
            END $$`);
        await queryRunner.query(`CREATE TRIGGER "invoices_issued_immutable" BEFORE UPDATE OR DELETE ON "invoices" FOR EACH ROW EXECUTE FUNCTION invoices_issued_immutable()`);

        // Totals are the sums of the lines, checked when the issuing transaction commits.
        await queryRunner.query(`CREATE FUNCTION invoices_totals_check() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
              target CONSTANT uuid := CASE TG_TABLE_NAME WHEN 'invoices' THEN NEW.id ELSE (to_jsonb(NEW) ->> 'invoice_id')::uuid END;
              i record;
              s record;
            BEGIN
              SELECT subtotal_cents, tax_cents INTO i FROM invoices WHERE id = target;
              SELECT count(*) AS n, coalesce(sum(amount_cents), 0) AS amount, coalesce(sum(tax_cents), 0) AS tax
                INTO s FROM invoice_lines l WHERE l.invoice_id = target;
              IF s.n = 0 OR s.amount <> i.subtotal_cents OR s.tax <> i.tax_cents THEN
                RAISE EXCEPTION 'the totals of invoice % are not the sums of its lines', target USING ERRCODE = 'check_violation', CONSTRAINT = 'invoices_totals_check';
              END IF;
              RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE CONSTRAINT TRIGGER "invoices_totals_check" AFTER INSERT ON "invoices" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION invoices_totals_check()`);
        await queryRunner.query(`CREATE CONSTRAINT TRIGGER "invoice_lines_totals_check" AFTER INSERT ON "invoice_lines" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION invoices_totals_check()`);

        await queryRunner.query(`CREATE FUNCTION credit_notes_totals_check() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
              note_id CONSTANT uuid := CASE TG_TABLE_NAME WHEN 'credit_notes' THEN NEW.id ELSE (to_jsonb(NEW) ->> 'credit_note_id')::uuid END;
              c record;
              s record;
            BEGIN
              SELECT subtotal_cents, tax_cents, invoice_id INTO c FROM credit_notes WHERE id = note_id;
              SELECT count(*) AS n, coalesce(sum(cl.amount_cents), 0) AS amount, coalesce(sum(cl.tax_cents), 0) AS tax,
                     bool_and(l.invoice_id = c.invoice_id) AS same_invoice
                INTO s FROM credit_note_lines cl JOIN invoice_lines l ON l.id = cl.invoice_line_id WHERE cl.credit_note_id = note_id;
              IF s.n = 0 OR s.amount <> c.subtotal_cents OR s.tax <> c.tax_cents OR NOT s.same_invoice THEN
                RAISE EXCEPTION 'the totals of credit note % are not the sums of its lines on its invoice', note_id USING ERRCODE = 'check_violation', CONSTRAINT = 'credit_notes_totals_check';
              END IF;
              RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE CONSTRAINT TRIGGER "credit_notes_totals_check" AFTER INSERT ON "credit_notes" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION credit_notes_totals_check()`);
        await queryRunner.query(`CREATE CONSTRAINT TRIGGER "credit_note_lines_totals_check" AFTER INSERT ON "credit_note_lines" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION credit_notes_totals_check()`);

        // What a line owes: credited plus (net) paid never exceed its total; a payment is never allocated beyond its amount.
        await queryRunner.query(`CREATE FUNCTION billing_line_within_total() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
              line_id CONSTANT uuid := (to_jsonb(NEW) ->> 'invoice_line_id')::uuid;
              line record;
              credited bigint;
              paid bigint;
            BEGIN
              SELECT l.invoice_id, l.total_cents, i.status INTO line FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id WHERE l.id = line_id;
              SELECT coalesce(sum(total_cents), 0) INTO credited FROM credit_note_lines WHERE invoice_line_id = line_id;
              SELECT coalesce(sum(amount_cents), 0) INTO paid FROM payment_allocations WHERE invoice_line_id = line_id;
              IF paid < 0 OR credited + paid > line.total_cents THEN
                RAISE EXCEPTION 'invoice line % would be credited or paid beyond its total', line_id USING ERRCODE = 'check_violation', CONSTRAINT = 'billing_line_within_total';
              END IF;
              IF TG_TABLE_NAME = 'payment_allocations' THEN
                IF (to_jsonb(NEW) ->> 'invoice_id')::uuid <> line.invoice_id THEN
                  RAISE EXCEPTION 'allocation % names another invoice than its line', NEW.id USING ERRCODE = 'check_violation', CONSTRAINT = 'billing_line_within_total';
                END IF;
                IF (to_jsonb(NEW) ->> 'amount_cents')::int > 0 AND line.status <> 'issued' THEN
                  RAISE EXCEPTION 'a void invoice takes no payment' USING ERRCODE = 'check_violation', CONSTRAINT = 'billing_line_within_total';
                END IF;
                IF EXISTS (SELECT 1 FROM payment_allocations a WHERE a.payment_id = (to_jsonb(NEW) ->> 'payment_id')::uuid
                           GROUP BY a.invoice_line_id HAVING sum(a.amount_cents) < 0)
                   OR (SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.payment_id = (to_jsonb(NEW) ->> 'payment_id')::uuid)
                      > (SELECT p.amount_cents FROM payments p WHERE p.id = (to_jsonb(NEW) ->> 'payment_id')::uuid) THEN
                  RAISE EXCEPTION 'payment would be allocated beyond its amount' USING ERRCODE = 'check_violation', CONSTRAINT = 'billing_line_within_total';
                END IF;
              END IF;
              RETURN NULL;
            END $$`);
        await queryRunner.query(`CREATE CONSTRAINT TRIGGER "payment_allocations_within_total" AFTER INSERT ON "payment_allocations" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION billing_line_within_total()`);
        await queryRunner.query(`CREATE CONSTRAINT TRIGGER "credit_note_lines_within_total" AFTER INSERT ON "credit_note_lines" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION billing_line_within_total()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "credit_note_lines_within_total" ON "credit_note_lines"`);
        await queryRunner.query(`DROP TRIGGER "payment_allocations_within_total" ON "payment_allocations"`);
        await queryRunner.query(`DROP FUNCTION billing_line_within_total()`);
        await queryRunner.query(`DROP TRIGGER "credit_note_lines_totals_check" ON "credit_note_lines"`);
        await queryRunner.query(`DROP TRIGGER "credit_notes_totals_check" ON "credit_notes"`);
        await queryRunner.query(`DROP FUNCTION credit_notes_totals_check()`);
        await queryRunner.query(`DROP TRIGGER "invoice_lines_totals_check" ON "invoice_lines"`);
        await queryRunner.query(`DROP TRIGGER "invoices_totals_check" ON "invoices"`);
        await queryRunner.query(`DROP FUNCTION invoices_totals_check()`);
        await queryRunner.query(`DROP TRIGGER "invoices_issued_immutable" ON "invoices"`);
        await queryRunner.query(`DROP FUNCTION invoices_issued_immutable()`);
        await queryRunner.query(`DROP TRIGGER "invoices_no_truncate" ON "invoices"`);
        for (const table of APPEND_ONLY) {
            await queryRunner.query(`DROP TRIGGER "${table}_no_truncate" ON "${table}"`);
            await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
        }
        await queryRunner.query(`ALTER TABLE "payment_allocations" DROP CONSTRAINT "FK_c2fadfcf8eb7ad3e832fa419c32"`);
        await queryRunner.query(`ALTER TABLE "payment_allocations" DROP CONSTRAINT "FK_72095d7b95a6168756ea7d4fbc5"`);
        await queryRunner.query(`ALTER TABLE "payment_allocations" DROP CONSTRAINT "FK_5a357d2b5bf058cc15a6b017557"`);
        await queryRunner.query(`ALTER TABLE "payment_allocations" DROP CONSTRAINT "FK_4348f49c6822420b9503ba880b8"`);
        await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "FK_b8128ab843771cf6d42ab3ca188"`);
        await queryRunner.query(`ALTER TABLE "payments" DROP CONSTRAINT "FK_256e8673bcd00bee9f36221949b"`);
        await queryRunner.query(`ALTER TABLE "credit_note_lines" DROP CONSTRAINT "FK_57c4101b8b050bd1a68b4ddca01"`);
        await queryRunner.query(`ALTER TABLE "credit_note_lines" DROP CONSTRAINT "FK_71a76737c78041f36d917f7affc"`);
        await queryRunner.query(`ALTER TABLE "credit_notes" DROP CONSTRAINT "FK_37262419b7f5d6e6923bab21648"`);
        await queryRunner.query(`ALTER TABLE "credit_notes" DROP CONSTRAINT "FK_ab75ae7ceab2ad0e3c77768c373"`);
        await queryRunner.query(`ALTER TABLE "invoice_lines" DROP CONSTRAINT "FK_c572800f150693c1d4f5d9a84d3"`);
        await queryRunner.query(`ALTER TABLE "invoice_lines" DROP CONSTRAINT "FK_3d538a4a65ab403752162efc06f"`);
        await queryRunner.query(`ALTER TABLE "invoice_lines" DROP CONSTRAINT "FK_68fe4ea176bc29081dadba7f9e3"`);
        await queryRunner.query(`ALTER TABLE "invoice_lines" DROP CONSTRAINT "FK_2da95dc86a54a00ff20ce46d0fe"`);
        await queryRunner.query(`ALTER TABLE "invoices" DROP CONSTRAINT "FK_e9682eb7c1839bb55c6b77e5b81"`);
        await queryRunner.query(`ALTER TABLE "invoices" DROP CONSTRAINT "FK_583c9037bc0cbe84ab512a33580"`);
        await queryRunner.query(`ALTER TABLE "invoices" DROP CONSTRAINT "FK_95ead0ebbac44d416e5fda1aef3"`);
        await queryRunner.query(`ALTER TABLE "invoices" DROP CONSTRAINT "FK_7caa82d194d5107182b99980a10"`);
        await queryRunner.query(`ALTER TABLE "service_prices" DROP CONSTRAINT "FK_d6b23f08e68d46ee5130059183d"`);
        await queryRunner.query(`ALTER TABLE "service_prices" DROP CONSTRAINT "FK_1c05628ac7e7a6af7025674a7c3"`);
        await queryRunner.query(`ALTER TABLE "couples" DROP CONSTRAINT "couples_billing_payer_check"`);
        await queryRunner.query(`ALTER TABLE "couples" DROP CONSTRAINT "couples_billing_share_check"`);
        await queryRunner.query(`ALTER TABLE "couples" DROP COLUMN "billing_share_a_basis_points"`);
        await queryRunner.query(`ALTER TABLE "couples" DROP COLUMN "billing_payer"`);
        await queryRunner.query(`DROP INDEX "public"."payment_allocations_payment_idx"`);
        await queryRunner.query(`DROP INDEX "public"."payment_allocations_line_idx"`);
        await queryRunner.query(`DROP INDEX "public"."payment_allocations_invoice_idx"`);
        await queryRunner.query(`DROP TABLE "payment_allocations"`);
        await queryRunner.query(`DROP INDEX "public"."payments_payer_received_idx"`);
        await queryRunner.query(`DROP INDEX "public"."payments_received_idx"`);
        await queryRunner.query(`DROP TABLE "payments"`);
        await queryRunner.query(`DROP INDEX "public"."credit_note_lines_note_line_key"`);
        await queryRunner.query(`DROP INDEX "public"."credit_note_lines_invoice_line_idx"`);
        await queryRunner.query(`DROP TABLE "credit_note_lines"`);
        await queryRunner.query(`DROP INDEX "public"."credit_notes_number_key"`);
        await queryRunner.query(`DROP INDEX "public"."credit_notes_invoice_idx"`);
        await queryRunner.query(`DROP INDEX "public"."credit_notes_issued_idx"`);
        await queryRunner.query(`DROP TABLE "credit_notes"`);
        await queryRunner.query(`DROP INDEX "public"."invoice_lines_invoice_position_key"`);
        await queryRunner.query(`DROP INDEX "public"."invoice_lines_session_idx"`);
        await queryRunner.query(`DROP INDEX "public"."invoice_lines_therapist_date_idx"`);
        await queryRunner.query(`DROP TABLE "invoice_lines"`);
        await queryRunner.query(`DROP INDEX "public"."invoices_number_key"`);
        await queryRunner.query(`DROP INDEX "public"."invoices_payer_issued_idx"`);
        await queryRunner.query(`DROP INDEX "public"."invoices_issued_idx"`);
        await queryRunner.query(`DROP INDEX "public"."invoices_couple_idx"`);
        await queryRunner.query(`DROP TABLE "invoices"`);
        await queryRunner.query(`DROP TABLE "billing_counters"`);
        await queryRunner.query(`DROP INDEX "public"."service_prices_type_from_key"`);
        await queryRunner.query(`DROP TABLE "service_prices"`);
        await queryRunner.query(`DROP INDEX "public"."service_types_code_key"`);
        await queryRunner.query(`DROP TABLE "service_types"`);
    }
}
