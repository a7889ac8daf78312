import { SqlParams } from '../../database/sql-params';
import { Actor } from '../auth/roles';

/**
 * What one caller may touch, as SQL predicates that query modules put in their WHERE clause, so
 * rows out of reach are never read. Made by `AccessService.scope(actor)`; each predicate records
 * itself on the statement's parameters, which is how a statement shows it was scoped.
 *
 * | record             | admin | therapist                                   | client                  |
 * |--------------------|-------|---------------------------------------------|-------------------------|
 * | client             | all   | primary therapist, or therapist of a couple | their own record        |
 * |                    |       | the client belongs to (the caseload)        |                         |
 * | couple             | all   | the couple's therapist                      | a partner of the couple |
 * | rupture            | never | the couple's therapist                      | a partner of the couple |
 * | session            | all   | their own sessions                          | sessions they attend    |
 * | clinical note      | never | the session's therapist                     | never                   |
 * | billing record     | all   | payer on their caseload (read only)         | where they are the payer|
 * | connection call    | all   | calls booked with them                      | never (manage link only)|
 * | therapist calendar | any   | their own availability and time off         | never                   |
 * | staff report       | any   | their own rows                              | never                   |
 * | clinic report      | yes   | no                                          | no                      |
 * | outcome assignment | all   | the couple's therapist                      | a partner of the couple |
 * | outcome answers    | never | the couple's therapist                      | the partner who gave them |
 * | outcome totals     | never | the couple's therapist                      | their own; the other partner's when shared |
 *
 * API keys reach no record; a key with `reports:read` reads staff and clinic reports like an admin.
 */
export class AccessScope {
  constructor(readonly actor: Actor) {}

  /**
   * Predicate over a `clients` row aliased `c`. A therapist's clients are their caseload, asked as
   * a set (`c.id IN (…)`), so PostgreSQL can read it from the client's side for one record and as a
   * whole for many; asked of each client ("primary therapist, or a partner of a couple of theirs?"),
   * the second half was a lookup per client read.
   */
  clients(p: SqlParams, c = 'c'): string {
    p.scopes.add('client');
    const actor = this.actor;
    if (actor.kind !== 'user') return 'FALSE';
    if (actor.role === 'admin') return 'TRUE';
    const me = p.add(actor.id);
    if (actor.role === 'therapist') return `${c}.id IN (${caseload(me)})`;
    return `${c}.portal_user_id = ${me}`;
  }

  /**
   * The same predicate for a list of clients, where a therapist's caseload is named first, as one
   * array, so only their clients are read and sorted: walked in name order and asked of each client,
   * a therapist's first page read the clinic's clients up to the therapist's 21st (10,547 rows for
   * one therapist on the seeded year, 122–356 ms; now 3 ms).
   */
  clientsListed(p: SqlParams, c = 'c'): string {
    if (this.actor.kind !== 'user' || this.actor.role !== 'therapist') return this.clients(p, c);
    p.scopes.add('client');
    return `${c}.id = ANY (ARRAY(${caseload(p.add(this.actor.id))}))`;
  }

  /**
   * Predicate over a `couples` row aliased `k`. A client's couples are asked as a set, found from
   * their membership of couples (an index on the client); asked of each couple ("is the caller one of
   * its partners?"), a client's couple list read every couple of the clinic.
   */
  couples(p: SqlParams, k = 'k'): string {
    p.scopes.add('couple');
    const actor = this.actor;
    if (actor.kind !== 'user') return 'FALSE';
    if (actor.role === 'admin') return 'TRUE';
    const me = p.add(actor.id);
    if (actor.role === 'therapist') return `${k}.therapist_id = ${me}`;
    return `${k}.id IN (${couplesOfPortalUser(me)})`;
  }

  /**
   * Predicate over the `couples` row `k` of a rupture: the couple's partners and therapist only.
   * Admins see counts in reports, not the records.
   */
  ruptures(p: SqlParams, k = 'k'): string {
    p.scopes.add('rupture');
    if (this.actor.kind !== 'user' || this.actor.role === 'admin') return 'FALSE';
    return this.couples(p, k);
  }

  /**
   * Predicate over a `therapy_sessions` row aliased `s`: a therapist's own sessions, all for
   * admins, and for a client the sessions they take part in (their own individual sessions and
   * their couples'), never another client's individual session.
   * A client's are named as lists worked out once (their client record; their couples), so their
   * sessions are found from the client and couple indexes: asked of each session instead ("is the
   * caller in it?"), a client's calendar feed read every session of the clinic from its start on
   * (230 ms on the seeded year, against 7 ms).
   */
  sessions(p: SqlParams, s = 's'): string {
    p.scopes.add('session');
    const actor = this.actor;
    if (actor.kind !== 'user') return 'FALSE';
    if (actor.role === 'admin') return 'TRUE';
    const me = p.add(actor.id);
    if (actor.role === 'therapist') return `${s}.therapist_id = ${me}`;
    return `(${s}.client_id = ANY (ARRAY(SELECT sc.id FROM clients sc WHERE sc.portal_user_id = ${me}))
      OR ${s}.couple_id = ANY (ARRAY(${couplesOfPortalUser(me)})))`;
  }

  /**
   * Clinical notes of a `therapy_sessions` row aliased `s`: the session's therapist alone.
   * Admins run the clinic but do not read clinical notes.
   */
  clinicalNotes(p: SqlParams, s = 's'): string {
    p.scopes.add('clinical-note');
    if (this.actor.kind !== 'user' || this.actor.role !== 'therapist') return 'FALSE';
    return `${s}.therapist_id = ${p.add(this.actor.id)}`;
  }

  // Billing

  /**
   * Predicate over a billing record (invoice, credit note, payment, balance) by its payer client,
   * the SQL expression `payer` (e.g. `i.payer_client_id`): admins all, a therapist a payer on their
   * caseload, a client the records they pay (a couple's invoices when they are its paying partner).
   */
  billing(p: SqlParams, payer: string): string {
    p.scopes.add('billing');
    const actor = this.actor;
    if (actor.kind !== 'user') return 'FALSE';
    if (actor.role === 'admin') return 'TRUE';
    return `EXISTS (SELECT 1 FROM clients bc WHERE bc.id = ${payer} AND ${this.clients(p, 'bc')})`;
  }

  // Connection calls and therapists' calendars.

  /**
   * Predicate over a `connection_calls` row aliased `c`: a therapist the calls booked with them,
   * admins every call. Clients and keys see none (the public side goes by its manage link).
   */
  connectionCalls(p: SqlParams, c = 'c'): string {
    p.scopes.add('connection-call');
    const actor = this.actor;
    if (actor.kind !== 'user') return 'FALSE';
    if (actor.role === 'admin') return 'TRUE';
    if (actor.role === 'therapist') return `${c}.therapist_id = ${p.add(actor.id)}`;
    return 'FALSE';
  }

  /**
   * Predicate over a therapist's `users` row aliased `u`, for their weekly availability and time
   * off: a therapist manages their own, admins any therapist's.
   */
  therapistCalendars(p: SqlParams, u = 'u'): string {
    p.scopes.add('therapist-calendar');
    const actor = this.actor;
    if (actor.kind !== 'user') return 'FALSE';
    if (actor.role === 'admin') return 'TRUE';
    if (actor.role === 'therapist') return `${u}.id = ${p.add(actor.id)}`;
    return 'FALSE';
  }

  // Therapy sessions

  /**
   * Predicate over a `clients` row aliased `c`: on the caseload of the therapist `therapistId`,
   * whoever the caller is, as the client of that therapist's session must be.
   */
  caseloadOf(therapistId: string, p: SqlParams, c = 'c'): string {
    return new AccessScope({ kind: 'user', id: therapistId, role: 'therapist' }).clients(p, c);
  }

  // Ruptures

  /**
   * The partner the caller is, of the couple `k`, as a subquery, or `NULL::uuid` for the therapist:
   * who reported, recognised or confirmed is taken from the sign-in, never from a request body.
   */
  callerPartner(p: SqlParams, k = 'k'): string {
    if (this.actor.kind !== 'user' || this.actor.role !== 'client') return 'NULL::uuid';
    return `(SELECT pc.id FROM clients pc WHERE pc.portal_user_id = ${p.add(this.actor.id)} AND pc.id IN (${k}.partner_a_id, ${k}.partner_b_id))`;
  }

  // Outcome measures

  /** Predicate over the `couples` row `k` of an outcome assignment: as the couple (admins assign too). */
  outcomeAssignments(p: SqlParams, k = 'k'): string {
    p.scopes.add('outcome-assignment');
    return this.couples(p, k);
  }

  /** Predicate over the `couples` row `k` whose responses the caller lists: the couple's therapist and partners, not admins. */
  outcomeResponsesOf(p: SqlParams, k = 'k'): string {
    p.scopes.add('outcome-totals');
    if (this.actor.kind !== 'user' || this.actor.role === 'admin') return 'FALSE';
    return this.couples(p, k);
  }

  /**
   * Predicate over an `outcome_responses` row `o` of the couple `k`: its item answers are read by the
   * couple's therapist and by the partner who gave them, never by the other partner, and not by admins,
   * who see counts in reports.
   */
  outcomeAnswers(p: SqlParams, o = 'o', k = 'k'): string {
    p.scopes.add('outcome-answers');
    const actor = this.actor;
    if (actor.kind !== 'user' || actor.role === 'admin') return 'FALSE';
    const me = p.add(actor.id);
    if (actor.role === 'therapist') return `${k}.therapist_id = ${me}`;
    return `EXISTS (SELECT 1 FROM clients pc WHERE pc.portal_user_id = ${me} AND pc.id = ${o}.client_id)`;
  }

  /**
   * Predicate over the totals of a response `o` of the assignment `a` and couple `k`: whoever reads
   * its answers, and the other partner when the therapist shares totals on the assignment.
   */
  outcomeTotals(p: SqlParams, o = 'o', a = 'a', k = 'k'): string {
    p.scopes.add('outcome-totals');
    const answers = this.outcomeAnswers(p, o, k);
    if (this.actor.kind !== 'user' || this.actor.role !== 'client') return answers;
    return `(${answers} OR (${a}.shares_totals AND ${this.couples(p, k)}))`;
  }

  // Reports

  /**
   * Whether the caller reads clinic-wide, de-identified reports (the repair report): admins and
   * reporting keys, never a therapist or a client. Their statements name the `de-identified-report` exemption.
   */
  get readsClinicReports(): boolean {
    return this.actor.kind === 'apiKey' ? this.actor.scopes.includes('reports:read') : this.actor.role === 'admin';
  }

  /**
   * Whose rows a staff report (sessions, connection calls) counts: a therapist their own only, and
   * naming another therapist is `undefined`, answered as if they did not exist; admins and reporting
   * keys the therapist they name, or everyone's (null). Clients read no report.
   */
  reportTherapist(requested: string | undefined): string | null | undefined {
    const actor = this.actor;
    if (actor.kind === 'user' && actor.role === 'client') return undefined;
    if (actor.kind === 'user' && actor.role === 'therapist') return requested && requested !== actor.id ? undefined : actor.id;
    return requested ?? null;
  }

  /**
   * A staff report's narrowing (see reportTherapist): `$n::uuid` of the one therapist whose rows it
   * counts, null for everyone's, or `NULL::uuid`, which matches no row, for a caller who may read none.
   */
  staffReport(p: SqlParams, requested: string | undefined): string | null {
    p.scopes.add('report');
    const therapist = this.reportTherapist(requested);
    if (therapist === undefined) return 'NULL::uuid';
    return therapist === null ? null : `${p.add(therapist)}::uuid`;
  }
}

/** The ids of the clients on the caseload of the therapist `therapist` (an SQL parameter): their primary clients and the partners of their couples. */
const caseload = (therapist: string) => `SELECT pc.id FROM clients pc WHERE pc.primary_therapist_id = ${therapist}
      UNION ALL SELECT k.partner_a_id FROM couples k WHERE k.therapist_id = ${therapist}
      UNION ALL SELECT k.partner_b_id FROM couples k WHERE k.therapist_id = ${therapist}`;

/**
 * The ids of the couples whose partner is the client signed in as the portal user `user` (an SQL
 * parameter), from `couple_memberships` (a couple's partners, kept by the database; they never change).
 */
const couplesOfPortalUser = (user: string) => `SELECT pm.couple_id FROM couple_memberships pm JOIN clients pc ON pc.id = pm.client_id WHERE pc.portal_user_id = ${user}`;
