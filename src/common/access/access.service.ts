import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SqlParams } from '../../database/sql-params';
import { Actor } from '../auth/roles';

/**
 * The one place that says who may touch which record. Each rule is a SQL predicate that
 * services put in their WHERE clause, so rows out of reach are never read; `reachable*`
 * answers "which of these ids may this actor touch?" in one query.
 *
 * | record          | admin | therapist                                   | client                  |
 * |-----------------|-------|---------------------------------------------|-------------------------|
 * | client          | all   | primary therapist, or therapist of a couple | their own record        |
 * |                 |       | the client belongs to (the caseload)        |                         |
 * | couple          | all   | the couple's therapist                      | a partner of the couple |
 * | rupture         | never | the couple's therapist                      | a partner of the couple |
 * | session         | all   | their own sessions                          | sessions they attend    |
 * | clinical note   | never | the session's therapist                     | never                   |
 */
@Injectable()
export class AccessService {
  constructor(private readonly db: DataSource) {}

  /** Predicate over a `clients` row aliased `c`. */
  clientPredicate(actor: Actor, p: SqlParams, c = 'c'): string {
    if (actor.kind !== 'user') return 'FALSE';
    if (actor.role === 'admin') return 'TRUE';
    const me = p.add(actor.id);
    if (actor.role === 'therapist') {
      return `(${c}.primary_therapist_id = ${me} OR EXISTS (
        SELECT 1 FROM couples k WHERE k.therapist_id = ${me} AND ${c}.id IN (k.partner_a_id, k.partner_b_id)))`;
    }
    return `${c}.portal_user_id = ${me}`;
  }

  /** Predicate over a `couples` row aliased `k`. */
  couplePredicate(actor: Actor, p: SqlParams, k = 'k'): string {
    if (actor.kind !== 'user') return 'FALSE';
    if (actor.role === 'admin') return 'TRUE';
    const me = p.add(actor.id);
    if (actor.role === 'therapist') return `${k}.therapist_id = ${me}`;
    return `EXISTS (SELECT 1 FROM clients pc WHERE pc.portal_user_id = ${me} AND pc.id IN (${k}.partner_a_id, ${k}.partner_b_id))`;
  }

  /**
   * Predicate over the `couples` row `k` of a rupture: the couple's partners and therapist only.
   * Admins see counts in reports, not the records.
   */
  rupturePredicate(actor: Actor, p: SqlParams, k = 'k'): string {
    if (actor.kind !== 'user' || actor.role === 'admin') return 'FALSE';
    return this.couplePredicate(actor, p, k);
  }

  /**
   * Predicate over a `therapy_sessions` row aliased `s`: a therapist's own sessions, all for
   * admins, and for a client the sessions they take part in (their own individual sessions and
   * their couples'), never another client's individual session.
   */
  sessionPredicate(actor: Actor, p: SqlParams, s = 's'): string {
    if (actor.kind !== 'user') return 'FALSE';
    if (actor.role === 'admin') return 'TRUE';
    const me = p.add(actor.id);
    if (actor.role === 'therapist') return `${s}.therapist_id = ${me}`;
    return `EXISTS (SELECT 1 FROM clients sc WHERE sc.portal_user_id = ${me} AND (sc.id = ${s}.client_id
      OR EXISTS (SELECT 1 FROM couples sk WHERE sk.id = ${s}.couple_id AND sc.id IN (sk.partner_a_id, sk.partner_b_id))))`;
  }

  /**
   * Clinical notes of a `therapy_sessions` row aliased `s`: the session's therapist alone.
   * Admins run the clinic but do not read clinical notes.
   */
  clinicalNotePredicate(actor: Actor, p: SqlParams, s = 's'): string {
    if (actor.kind !== 'user' || actor.role !== 'therapist') return 'FALSE';
    return `${s}.therapist_id = ${p.add(actor.id)}`;
  }

  /** Which of `ids` are clients the actor may touch, in one query. */
  async reachableClients(actor: Actor, ids: string[]): Promise<Set<string>> {
    const p = new SqlParams();
    const list = p.add(ids);
    const rows: { id: string }[] = await this.db.query(
      `SELECT c.id FROM clients c WHERE c.id = ANY(${list}::uuid[]) AND ${this.clientPredicate(actor, p)}`,
      p.values,
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Which of `ids` are couples the actor may touch, in one query. */
  async reachableCouples(actor: Actor, ids: string[]): Promise<Set<string>> {
    const p = new SqlParams();
    const list = p.add(ids);
    const rows: { id: string }[] = await this.db.query(
      `SELECT k.id FROM couples k WHERE k.id = ANY(${list}::uuid[]) AND ${this.couplePredicate(actor, p)}`,
      p.values,
    );
    return new Set(rows.map((r) => r.id));
  }
}
