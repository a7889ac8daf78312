import request from 'supertest';
import { issueInvoice, recordPayment } from '../billing-ledger';
import { createClient } from '../clinic-factories';
import { createUser, PASSWORD, uniqueEmail } from '../factories';
import { DateTime } from 'luxon';
import { API, futureSlot, pastSlot, PLACE } from '../session-factories';
import { ACTORS, bookingOf, builders, buildFixture, createKey, Fixture, headersOf, Keys, SecurityActor, slotDispenser, timeOffRange, WEEK } from './security-fixtures';
import { useClinic } from '../use-app';

/**
 * THE authorization table: every operation of the app's own OpenAPI document, for every actor.
 * A cell is the exact status expected, or a class such as `2xx`. An operation that is not here
 * fails the test: classify every new endpoint.
 *
 * Columns: anonymous, owner (the couple's therapist), otherTherapist, partner (of the couple;
 * the client records point at this partner), otherClient (a partner of another therapist's
 * couple), admin, a key with `bookings:write`, a key with `reports:read`.
 * Rules: out of reach → 404; a role that may never call → 403; no credentials → 401.
 */
// prettier-ignore
const EXPECTED: Record<string, string> = {
  //                                 anon owner other partnr othCl admin kBook kRep
  checkLiveness:                    '200  200   200   200    200   200   200   200',
  checkReadiness:                   '200  200   200   200    200   200   200   200',
  logIn:                            '200  200   200   200    200   200   200   200',
  refreshTokens:                    '200  200   200   200    200   200   200   200',
  acceptInvitation:                 '200  200   200   200    200   200   200   200',
  logOut:                           '204  204   204   204    204   204   204   204',
  getCurrentUser:                   '401  200   200   200    200   200   403   403',
  changePassword:                   '401  204   204   204    204   204   403   403',
  requestPasswordReset:             '202  202   202   202    202   202   202   202',
  resetPassword:                    '204  204   204   204    204   204   204   204',
  listUsers:                        '401  403   403   403    403   200   403   403',
  createUser:                       '401  403   403   403    403   201   403   403',
  getUser:                          '401  403   403   403    403   200   403   403',
  updateUser:                       '401  403   403   403    403   200   403   403',
  createApiKey:                     '401  403   403   403    403   201   403   403',
  listApiKeys:                      '401  403   403   403    403   200   403   403',
  getCurrentApiKey:                 '401  403   403   403    403   403   200   200',
  revokeApiKey:                     '401  403   403   403    403   204   403   403',
  listClients:                      '401  200   200   200    200   200   403   403',
  createClient:                     '401  201   201   403    403   201   403   403',
  getClient:                        '401  200   404   200    404   200   403   403',
  updateClient:                     '401  200   404   200    404   200   403   403',
  archiveClient:                    '401  200   404   403    403   200   403   403',
  inviteClient:                     '401  201   404   403    403   201   403   403',
  purgeClient:                      '401  403   403   403    403   200   403   403',
  listCouples:                      '401  200   200   200    200   200   403   403',
  // A body naming clients out of reach is 422 unknown-partner, the same as for ids that do not exist.
  createCouple:                     '401  201   422   403    403   201   403   403',
  getCouple:                        '401  200   404   200    404   200   403   403',
  updateCouple:                     '401  200   404   403    403   200   403   403',
  exportCoupleRecord:               '401  200   404   403    403   200   403   403',
  getConsentLedger:                 '401  200   404   200    404   200   403   403',
  recordConsent:                    '401  201   404   201    404   201   403   403',
  listAuditEvents:                  '401  403   403   403    403   200   403   403',
  verifyAuditChain:                 '401  403   403   403    403   200   403   403',
  getClientAccessLog:               '401  200   404   200    404   200   403   403',
  listSessions:                     '401  200   200   200    200   200   403   403',
  // Likewise 422 not-on-caseload for a couple out of reach named in the body.
  createSessions:                   '401  201   422   403    403   201   403   403',
  getSession:                       '401  200   404   200    404   200   403   403',
  updateSession:                    '401  200   404   403    403   200   403   403',
  completeSession:                  '401  200   404   403    403   200   403   403',
  cancelSession:                    '401  200   404   403    403   200   403   403',
  markSessionNoShow:                '401  200   404   403    403   200   403   403',
  // docs/scheduling.md: notes are out of everyone's reach but the session's therapist (404); client writes 403.
  getClinicalNote:                  '401  200   404   404    404   404   403   403',
  writeClinicalNote:                '401  201   404   403    403   404   403   403',
  rotateCalendarFeed:               '401  201   201   201    201   403   403   403',
  getCalendarFeed:                  '200  200   200   200    200   200   200   200',
  // docs/repair-model.md: admins see counts in reports, not rupture records (404).
  listRuptures:                     '401  200   404   200    404   404   403   403',
  createRupture:                    '401  201   404   201    404   404   403   403',
  getRepairSummary:                 '401  200   404   200    404   404   403   403',
  getRupture:                       '401  200   404   200    404   404   403   403',
  recognizeRupture:                 '401  201   404   201    404   404   403   403',
  startRepairAttempt:               '401  201   404   201    404   404   403   403',
  confirmRepair:                    '401  403   404   201    404   404   403   403',
  listBookableTherapists:           '200  200   200   200    200   200   200   200',
  getWeeklyAvailability:            '401  200   404   403    403   200   403   403',
  replaceWeeklyAvailability:        '401  200   404   403    403   200   403   403',
  createTimeOff:                    '401  201   404   403    403   201   403   403',
  listTimeOff:                      '401  200   404   403    403   200   403   403',
  removeTimeOff:                    '401  204   404   403    403   204   403   403',
  getConnectionCallAvailability:    '200  200   200   200    200   200   200   200',
  bookConnectionCall:               '201  201   201   201    201   201   201   201',
  listConnectionCalls:              '401  200   200   403    403   200   403   403',
  getManagedConnectionCall:         '200  200   200   200    200   200   200   200',
  cancelManagedConnectionCall:      '200  200   200   200    200   200   200   200',
  rescheduleManagedConnectionCall:  '200 200   200   200    200   200   200   200',
  getConnectionCall:                '401  200   404   403    403   200   403   403',
  updateConnectionCall:             '401  200   404   403    403   200   403   403',
  convertConnectionCall:            '401  201   404   403    403   201   403   403',
  createWebhook:                    '401  403   403   403    403   201   403   403',
  listWebhooks:                     '401  403   403   403    403   200   403   403',
  deleteWebhook:                    '401  403   403   403    403   204   403   403',
  listDeadLetters:                  '401  403   403   403    403   200   403   403',
  retryDelivery:                    '401  403   403   403    403   200   403   403',
  // Reports: counts, no PHI. A therapist's connection-call and session reports cover only themself.
  getConnectionCallReport:          '401  200   200   403    403   200   403   200',
  getSessionReport:                 '401  200   200   403    403   200   403   200',
  getRepairReport:                  '401  403   403   403    403   200   403   200',
  getOutcomeReport:                 '401  403   403   403    403   200   403   200',
  // docs/outcomes.md: the couple's therapist (or an admin) assigns; each partner answers for themself;
  // answers reach the therapist and the partner who gave them, and admins see counts in reports (404).
  listOutcomeInstruments:           '401  200   200   200    200   200   403   403',
  assignOutcomeMeasure:             '401  201   404   403    403   201   403   403',
  listOutcomeAssignments:           '401  200   404   200    404   200   403   403',
  listOutcomeResponses:             '401  200   404   200    404   404   403   403',
  updateOutcomeAssignment:          '401  200   404   403    403   200   403   403',
  answerOutcomeMeasure:             '401  403   404   201    404   403   403   403',
  getOutcomeResponse:               '401  200   404   200    404   404   403   403',
  // Billing (docs/billing.md): admins write; staff read the fee schedule; invoices, payments and
  // balances are read by admins, the payer's therapists and the payer (the partner here).
  listFeeSchedule:                  '401  200   200   403    403   200   403   403',
  createServiceType:                '401  403   403   403    403   201   403   403',
  getServiceType:                   '401  200   200   403    403   200   403   403',
  updateServiceType:                '401  403   403   403    403   200   403   403',
  setServicePrice:                  '401  403   403   403    403   201   403   403',
  issueInvoices:                    '401  403   403   403    403   201   403   403',
  listInvoices:                     '401  200   200   200    200   200   403   403',
  getInvoice:                       '401  200   404   200    404   200   403   403',
  voidInvoice:                      '401  403   403   403    403   200   403   403',
  issueCreditNote:                  '401  403   403   403    403   201   403   403',
  recordPayment:                    '401  403   403   403    403   201   403   403',
  listPayments:                     '401  200   200   200    200   200   403   403',
  getPayment:                       '401  200   404   200    404   200   403   403',
  getClientBalance:                 '401  200   404   200    404   200   403   403',
  // Financial reports: every therapist's money, for admins and reporting keys only.
  getRevenueReport:                 '401  403   403   403    403   200   403   200',
  getReceivablesAgingReport:        '401  403   403   403    403   200   403   200',
  // Receipts: the payer (the partner here), the couple's therapist, admins; keys reach no record.
  getPaymentReceipt:                '401  200   404   200    404   200   403   403',
  getPeriodReceipt:                 '401  200   404   200    404   200   403   403',
};

const REPORT_PERIOD = { from: '2026-01-01', to: '2027-01-01' };
const RECEIPT_PERIOD = { from: '2026-03-01', to: '2026-04-01' };
/** The de-identified repair report takes whole, closed calendar periods only. */
const CLOSED_REPORT_PERIOD = { from: '2025-01-01', to: '2026-01-01' };

type Cell = string;
const parse = (row: string): Record<SecurityActor, Cell> => {
  const cells = row.trim().split(/\s+/);
  if (cells.length !== ACTORS.length) throw new Error(`a row needs ${ACTORS.length} cells: '${row}'`);
  return Object.fromEntries(ACTORS.map((a, i) => [a, cells[i]])) as Record<SecurityActor, Cell>;
};
const matches = (cell: Cell, status: number) => cell.split('|').some((c) => (/^\dxx$/.test(c) ? Math.floor(status / 100) === Number(c[0]) : Number(c) === status));

interface Operation {
  operationId: string;
  method: string;
  path: string;
  /** The document says anyone may call it (an empty or `public` security requirement). */
  isPublic: boolean;
}

interface Call {
  params?: Record<string, string>;
  body?: unknown;
  query?: Record<string, string>;
}

describe('authorization matrix: every operation × every actor', () => {
  const { t, w } = useClinic();
  let keys: Keys;
  let f: Fixture;
  let operations: Operation[];
  let b: ReturnType<typeof builders>;
  let loginUser: { email: string };
  const nextSlot = slotDispenser();
  let billing: { serviceTypeId: string; invoiceId: string; paymentId: string };
  let priceDay = 0;

  /** A completed 50-minute session of the couple (the fee schedule's `couple_50`). */
  async function billableSession(): Promise<string> {
    const slot = pastSlot();
    const endsAt = DateTime.fromISO(slot.startsAt).plus({ minutes: 50 }).toISO();
    const booked = await request(t.http).post(`${API}/sessions`).set(w.as.owner.auth).send({ coupleId: w.couple.id, modality: 'in_person', location: PLACE, startsAt: slot.startsAt, endsAt }).expect(201);
    const id = booked.body.sessions[0].id as string;
    await request(t.http).post(`${API}/sessions/${id}/complete`).set(w.as.owner.auth).send({ attendedClientIds: w.couple.partners.map((p) => p.id) }).expect(200);
    return id;
  }

  /** Such a session, billed by an admin to partner A (the `partner` column). */
  async function issuedInvoice(): Promise<{ id: string; lines: { id: string }[] }> {
    return (await request(t.http).post(`${API}/invoices`).set(w.as.admin.auth).send({ sessionIds: [await billableSession()] }).expect(201)).body.invoices[0];
  }

  beforeAll(async () => {
    keys = {
      bookings: await createKey(t, w.as.admin.auth, ['bookings:write']),
      reports: await createKey(t, w.as.admin.auth, ['reports:read']),
    };
    f = await buildFixture(t, w, nextSlot);
    b = builders(t, w, nextSlot);
    loginUser = await createUser(t, 'therapist');
    // Both partners consent to releasing the joint record, so the export can really succeed.
    for (const p of w.couple.partners) {
      await request(t.http).post(`${API}/clients/${p.id}/consents`).set(w.as.owner.auth).send({ purpose: 'joint_record_release', decision: 'granted' }).expect(201);
    }
    const schedule = await request(t.http).get(`${API}/fee-schedule`).set(w.as.admin.auth).expect(200);
    const payment = await request(t.http)
      .post(`${API}/payments`)
      .set(w.as.admin.auth)
      .send({ payerClientId: w.couple.partners[0].id, method: 'cash', amountCents: 100, receivedAt: '2026-01-05T10:00:00-05:00' })
      .expect(201);
    billing = { serviceTypeId: schedule.body.data[0].id, invoiceId: (await issuedInvoice()).id, paymentId: payment.body.id };
    const doc = await request(t.http).get('/docs/openapi.json').expect(200);
    operations = Object.entries(doc.body.paths as Record<string, Record<string, { operationId: string; security?: Record<string, string[]>[] }>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        operationId: op.operationId,
        method,
        path,
        isPublic: (op.security ?? []).some((requirement) => Object.keys(requirement).length === 0 || 'public' in requirement),
      })),
    );
  }, 120_000);

  /** A paid invoice of the partner for a session with the owner, written once, for the receipts. */
  let receiptPayment: Promise<string> | undefined;
  const partnerPayment = () =>
    (receiptPayment ??= (async () => {
      const admin = (await t.db.query(`SELECT id FROM users WHERE role = 'admin' LIMIT 1`)) as { id: string }[];
      const payer = w.couple.partners[0].id;
      const invoice = await issueInvoice(t, {
        payerClientId: payer, coupleId: w.couple.id, issuedAt: '2026-03-10T17:00:00-04:00', dueOn: '2026-04-09', issuedBy: admin[0].id,
        lines: [{ therapistId: w.owner.id, service: 'couple_50', serviceDate: '2026-03-10', feeCents: 17_500 }],
      });
      return recordPayment(t, {
        payerClientId: payer, receivedAt: '2026-03-11T10:00:00-04:00', amountCents: 17_500, recordedBy: admin[0].id,
        allocations: [{ invoiceId: invoice.id, lineId: invoice.lines[0].id, amountCents: 17_500 }],
      });
    })());

  /** What each operation sends, per actor; fresh records where the call changes or ends them. */
  const calls: Record<string, (actor: SecurityActor) => Promise<Call> | Call> = {
    logIn: () => ({ body: { email: loginUser.email, password: PASSWORD } }),
    refreshTokens: async () => ({ body: { refreshToken: await b.refreshToken() } }),
    logOut: async () => ({ body: { refreshToken: await b.refreshToken() } }),
    // The same password again: the call succeeds and every actor keeps signing in as before.
    changePassword: () => ({ body: { currentPassword: PASSWORD, newPassword: PASSWORD } }),
    requestPasswordReset: () => ({ body: { email: uniqueEmail('forgetful') } }),
    resetPassword: async () => ({ body: { token: await b.resetToken(), newPassword: 'a long new password 456' } }),
    acceptInvitation: async () => ({ body: { token: await b.invitationToken(), password: 'a long new password 456', displayName: 'Invited Client' } }),
    createUser: () => ({ body: { role: 'admin', email: uniqueEmail('made'), displayName: 'Made Admin', password: 'a long new password 456' } }),
    updateUser: () => ({ body: { displayName: 'Renamed Therapist' } }),
    createApiKey: () => ({ body: { name: 'Reporting script', scopes: ['reports:read'] } }),
    revokeApiKey: async () => ({ params: { id: await b.apiKey() } }),
    createClient: (actor) => ({
      body: { legalName: 'New Client', dateOfBirth: '1990-04-02', ...(actor === 'admin' || actor === 'owner' ? { primaryTherapistId: w.owner.id } : {}) },
    }),
    updateClient: () => ({ body: { preferredName: 'Sam' } }),
    archiveClient: async () => ({ params: { id: (await b.client()).id } }),
    inviteClient: async () => ({ params: { id: (await b.client()).id }, body: {} }),
    purgeClient: async () => ({ params: { id: (await b.purgeableClient()).id } }),
    createCouple: async (actor) => {
      const [a, c] = [await b.client(), await b.client()];
      return { body: { partnerAId: a.id, partnerBId: c.id, ...(actor === 'admin' ? { therapistId: w.owner.id } : {}) } };
    },
    updateCouple: async () => ({ params: { id: await b.couple() }, body: { status: 'paused' } }),
    recordConsent: () => ({ body: { purpose: 'email_contact', decision: 'granted' } }),
    createSessions: (actor) => ({
      body: { coupleId: w.couple.id, modality: 'in_person', location: PLACE, ...futureSlot(), ...(actor === 'admin' ? { therapistId: w.owner.id } : {}) },
    }),
    updateSession: async () => ({ params: { id: await b.session() }, body: { location: PLACE } }),
    completeSession: async () => ({ params: { id: await b.pastSession() }, body: { attendedClientIds: w.couple.partners.map((p) => p.id) } }),
    cancelSession: async () => ({ params: { id: await b.session() }, body: { cancelledBy: 'client', reason: 'Partner unwell' } }),
    markSessionNoShow: async () => ({ params: { id: await b.pastSession() } }),
    writeClinicalNote: async () => ({ params: { id: await b.session() }, body: { text: 'Practised mirroring; both calmer.' } }),
    getCalendarFeed: async () => {
      const feed = await request(t.http).post(`${API}/calendar/feed`).set(w.as.owner.auth).expect(201);
      return { params: { file: (feed.body.url as string).split('/').pop() as string } };
    },
    createRupture: () => ({ body: { occurredAt: '2026-01-07T19:30:00-05:00', description: 'Dismissive tone at dinner.', severity: 'minor', kind: 'dismissive_tone' } }),
    recognizeRupture: async () => ({ params: { id: await b.rupture() }, body: { statement: 'I want to understand what happened.' } }),
    startRepairAttempt: async (actor) => ({
      params: { id: await b.recognizedRupture() },
      body: { approach: 'apology', ...(actor === 'partner' ? {} : { initiatorClientId: w.couple.partners[0].id }) },
    }),
    confirmRepair: async () => {
      const r = await b.ruptureWithAttempt();
      return { params: { id: r.id, attemptId: r.attemptId }, body: { feelsRepaired: true } };
    },
    replaceWeeklyAvailability: () => ({ body: WEEK }),
    createTimeOff: () => ({ body: { ...timeOffRange(), reason: 'Conference' } }),
    removeTimeOff: async () => ({ params: { timeOffId: await b.timeOff() } }),
    getConnectionCallAvailability: () => {
      const from = new Date(Date.now() + 3 * 86_400_000);
      return { query: { from: from.toISOString(), to: new Date(from.getTime() + 86_400_000).toISOString(), modality: 'video', therapistId: w.owner.id } };
    },
    bookConnectionCall: () => ({ body: bookingOf(nextSlot(), w.owner.id) }),
    cancelManagedConnectionCall: async () => ({ params: { token: (await b.call()).token } }),
    rescheduleManagedConnectionCall: async () => ({ params: { token: (await b.call()).token }, body: { startsAt: nextSlot() } }),
    updateConnectionCall: () => ({ body: { staffNotes: 'Left a voicemail.' } }),
    convertConnectionCall: async () => ({ params: { id: (await b.call()).id }, body: { dateOfBirth: '1988-09-12' } }),
    createWebhook: () => ({ body: { url: 'http://127.0.0.1:9/hooks', events: ['connection_call.booked'] } }),
    deleteWebhook: async () => ({ params: { id: await b.webhook() } }),
    // A fresh dead letter each time: an email without a link that gave up.
    retryDelivery: async () => ({
      params: {
        id: (
          await t.db.query(
            `INSERT INTO outbox_messages (channel, event, payload, attempts, failed_at, last_error)
             VALUES ('email', 'connection_call.cancelled', '{"to": "someone@example.ca"}', 8, now(), 'network error ECONNREFUSED') RETURNING id`,
          )
        )[0].id,
      },
    }),
    getConnectionCallReport: () => ({ query: REPORT_PERIOD }),
    getSessionReport: () => ({ query: REPORT_PERIOD }),
    getRepairReport: () => ({ query: CLOSED_REPORT_PERIOD }),
    getOutcomeReport: () => ({ query: CLOSED_REPORT_PERIOD }),
    assignOutcomeMeasure: () => ({ body: { instrument: 'csi-4', schedule: 'once' } }),
    updateOutcomeAssignment: () => ({ body: { sharesTotals: false } }),
    // A fresh assignment each time, so the partner's answer is the first of its occasion.
    answerOutcomeMeasure: async () => ({ params: { id: await b.outcomeAssignment() }, body: { answers: { '1': 3, '2': 3, '3': 2, '4': 4 } } }),
    createServiceType: () => ({
      body: { code: `report_${Math.random().toString(36).slice(2, 10)}`, name: 'Report for an insurer', kind: 'document', taxTreatment: 'hst_13', unitPriceCents: 20000, effectiveFrom: '2026-01-01' },
    }),
    updateServiceType: () => ({ body: { active: true } }),
    setServicePrice: () => ({ body: { unitPriceCents: 17500, effectiveFrom: DateTime.fromISO('2040-01-01').plus({ days: priceDay++ }).toISODate() } }),
    // Only an admin's call reaches the session: the others are refused by role first.
    issueInvoices: async (actor) => ({ body: { sessionIds: [actor === 'admin' ? await billableSession() : f.sessionId] } }),
    voidInvoice: async (actor) => ({ params: { id: actor === 'admin' ? (await issuedInvoice()).id : billing.invoiceId }, body: { reason: 'Issued twice' } }),
    issueCreditNote: async (actor) => {
      const invoice = actor === 'admin' ? await issuedInvoice() : { id: billing.invoiceId, lines: [{ id: billing.invoiceId }] };
      return { params: { id: invoice.id }, body: { reason: 'Fee waived', lines: [{ invoiceLineId: invoice.lines[0].id, amountCents: 100 }] } };
    },
    recordPayment: () => ({ body: { payerClientId: f.client.id, method: 'e_transfer', amountCents: 100, receivedAt: '2026-01-05T10:00:00-05:00' } }),
    getRevenueReport: () => ({ query: REPORT_PERIOD }),
    getPaymentReceipt: async () => ({ params: { id: await partnerPayment() } }),
    getPeriodReceipt: () => ({ params: { id: w.couple.partners[0].id }, query: RECEIPT_PERIOD }),
  };

  /** `{id}` and friends point at the fixture, by the resource the path names. */
  function defaultParams(path: string): Record<string, string> {
    const resource = path.replace(/^\/api\/v1\//, '').split('/')[0];
    const ids: Record<string, string> = {
      users: w.owner.id,
      'api-keys': f.apiKeyId,
      clients: f.client.id,
      couples: w.couple.id,
      sessions: f.sessionId,
      ruptures: f.ruptureId,
      therapists: w.owner.id,
      'connection-calls': f.callId,
      webhooks: f.webhookId,
      'outcome-assignments': f.outcomeAssignmentId,
      'outcome-responses': f.outcomeResponseId,
      'fee-schedule': billing.serviceTypeId,
      invoices: billing.invoiceId,
      payments: billing.paymentId,
    };
    return { id: ids[resource], attemptId: f.attemptId, timeOffId: f.timeOffId, token: f.manageToken, file: f.calendarFile };
  }

  async function send(op: Operation, actor: SecurityActor): Promise<request.Response> {
    const call = await (calls[op.operationId]?.(actor) ?? {});
    const params = { ...defaultParams(op.path), ...call.params };
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (!params[name]) throw new Error(`no value for {${name}} in ${op.path}`);
      return encodeURIComponent(params[name]);
    });
    let req = request(t.http)[op.method as 'get'](path).set(headersOf(w, keys, actor));
    if (call.query) req = req.query(call.query);
    return call.body === undefined ? req : req.send(call.body as object);
  }

  it('classifies every operation of the OpenAPI document, and nothing that is not in it', () => {
    const ids = operations.map((o) => o.operationId);
    const unclassified = ids.filter((id) => !EXPECTED[id]).map((id) => `classify the new endpoint ${id}`);
    const stale = Object.keys(EXPECTED).filter((id) => !ids.includes(id)).map((id) => `${id} is in the table but not in the API`);
    expect([...unclassified, ...stale]).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps the table honest: anonymous is 401 exactly where the document asks for credentials, refusals are 401/403/404', () => {
    const wrong: string[] = [];
    for (const op of operations.filter((o) => EXPECTED[o.operationId])) {
      const row = parse(EXPECTED[op.operationId]);
      if (op.isPublic === (row.anonymous === '401')) wrong.push(`${op.operationId}: public=${op.isPublic} but anonymous ${row.anonymous}`);
      for (const actor of ACTORS) {
        // 422 only where a body names records out of reach (commented in the table).
        if (!/^(2\d\d|2xx|401|403|404|422)$/.test(row[actor])) wrong.push(`${op.operationId} as ${actor}: ${row[actor]}`);
      }
      if (!ACTORS.some((actor) => /^2/.test(row[actor]))) {
        wrong.push(`${op.operationId}: nobody is shown to succeed`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('answers every operation for every actor exactly as the table says', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const op of operations) {
      const row = EXPECTED[op.operationId];
      if (!row) continue;
      const expected = parse(row);
      for (const actor of ACTORS) {
        const res = await send(op, actor);
        checked++;
        if (!matches(expected[actor], res.status)) {
          mismatches.push(`${op.operationId} (${op.method.toUpperCase()} ${op.path}) as ${actor}: expected ${expected[actor]}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        }
        if (res.status >= 400) {
          // Every refusal is problem+json, and a 401/403/404 says nothing about the record.
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status: res.status, detail: expect.any(String) });
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(operations.length * ACTORS.length);
  }, 240_000);

  it('answers 404, not 403, for another therapist on a record that does not exist at all (no existence oracle)', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const path of [`/clients/${missing}`, `/couples/${missing}`, `/sessions/${missing}`, `/ruptures/${missing}`, `/connection-calls/${missing}`]) {
      const ofOther = await request(t.http).get(`${API}${path}`).set(w.as.otherTherapist.auth);
      expect([path, ofOther.status]).toEqual([path, 404]);
    }
    // A body naming another therapist's clients answers like one naming nobody.
    const mine = w.couple.partners.map((p) => p.id);
    const named = await request(t.http).post(`${API}/couples`).set(w.as.otherTherapist.auth).send({ partnerAId: mine[0], partnerBId: mine[1] }).expect(422);
    const nobody = await request(t.http).post(`${API}/couples`).set(w.as.otherTherapist.auth).send({ partnerAId: missing, partnerBId: '00000000-0000-4000-8000-000000000001' }).expect(422);
    expect({ ...named.body, instance: undefined }).toEqual({ ...nobody.body, instance: undefined });
    // The same body for "not yours" and "does not exist".
    const notMine = await request(t.http).get(`${API}/clients/${f.client.id}`).set(w.as.otherTherapist.auth).expect(404);
    const none = await request(t.http).get(`${API}/clients/${missing}`).set(w.as.otherTherapist.auth).expect(404);
    expect({ ...notMine.body, instance: undefined }).toEqual({ ...none.body, instance: undefined });
  });

  it('keeps a therapist’s reports to their own numbers: another therapist named is 404, the default is themself', async () => {
    const other = w.otherCouple.therapistId;
    for (const report of ['sessions', 'connection-calls']) {
      await request(t.http).get(`${API}/reports/${report}`).query({ ...REPORT_PERIOD, therapistId: other }).set(w.as.owner.auth).expect(404);
      const own = await request(t.http).get(`${API}/reports/${report}`).query(REPORT_PERIOD).set(w.as.owner.auth).expect(200);
      expect(JSON.stringify(own.body)).not.toContain(other);
      const all = await request(t.http).get(`${API}/reports/${report}`).query({ ...REPORT_PERIOD, therapistId: other }).set('X-API-Key', keys.reports.key).expect(200);
      expect(JSON.stringify(all.body)).not.toContain(w.owner.id);
    }
  });

  it('keeps a client away from the other partner’s own record (404)', async () => {
    const other = w.couple.partners[1];
    await request(t.http).get(`${API}/clients/${other.id}`).set(w.as.partner.auth).expect(404);
    await request(t.http).get(`${API}/clients/${other.id}/consents`).set(w.as.partner.auth).expect(404);
    const stranger = await createClient(t, { id: w.owner.id });
    await request(t.http).get(`${API}/clients/${stranger.id}/access-log`).set(w.as.partner.auth).expect(404);
  });
});
