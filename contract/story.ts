/*
 * A day at the clinic that calls every operation of docs/openapi.json once or more, through a
 * validating proxy (Prism with --errors) in front of a real instance. It fails on an unexpected
 * status, on any `sl-violations` header (a request or answer the document does not describe) and
 * when an operation of the document was never called.
 *
 * It leaves its records for the generated contract tests and writes the ids and tokens they need
 * as a Postman environment.
 *
 * Invitation and reset links go only to the person's email, through the outbox: the story reads
 * them from the outbox of the API's database (its delivery is off), as the person would from mail.
 *
 * usage: node dist/contract/story.js <base URL of the proxy> <admin email> <admin password> <environment file> <database URL>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { Client } from 'pg';

const API = '/api/v1';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Body = Record<string, unknown>;
interface Call {
  as?: string;
  apiKey?: string;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  expect?: number;
}

const [base, adminEmail, adminPassword, environmentFile, databaseUrl] = process.argv.slice(2);
/** What the generated contract tests need: ids of the story's records and tokens to read them. */
const remembered: Record<string, string> = {};
const called = new Set<string>();
const failures: string[] = [];

/** Calls one operation (`template` as the document writes the path) and checks the proxy's verdict. */
async function call(method: string, template: string, { as, apiKey, params = {}, query, body, headers = {}, expect = 200 }: Call = {}): Promise<Body> {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name]));
  const url = `${base}${path}${query ? `?${new URLSearchParams(query)}` : ''}`;
  const sent = { ...headers, ...(as ? { authorization: `Bearer ${as}` } : {}), ...(apiKey ? { 'x-api-key': apiKey } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
  const response = await fetch(url, { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body) });
  called.add(`${method.toLowerCase()} ${template}`);
  const text = await response.text();
  const violations = response.headers.get('sl-violations');
  if (violations) failures.push(`${method} ${template} → ${response.status}: ${violations}`);
  if (response.status !== expect) failures.push(`${method} ${template}: expected ${expect}, got ${response.status} ${text.slice(0, 400)}`);
  const type = response.headers.get('content-type') ?? '';
  return type.includes('json') && text ? (JSON.parse(text) as Body) : { text };
}

const id = (b: Body) => String(b.id);

/** The secret token of the latest link of `event` mailed to `to`, read from the outbox. */
async function mailedToken(event: string, to: string): Promise<string> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ link: string }>(
      `SELECT coalesce(payload->>'acceptUrl', payload->>'resetUrl') AS link FROM outbox_messages
        WHERE event = $1 AND payload->>'to' = $2 ORDER BY created_at DESC LIMIT 1`,
      [event, to],
    );
    if (!rows[0]?.link) throw new Error(`no ${event} mailed to ${to}`);
    return new URL(rows[0].link).hash.replace('#token=', '');
  } finally {
    await db.end();
  }
}
const at = (ms: number) => new Date(Math.floor(ms / HOUR) * HOUR).toISOString();
const email = (who: string) => `${who}.${Date.now().toString(36)}@clinic.example`;
const PASSWORD = 'a long contract password 42';
const PLACE = '120 Elgin Street, Suite 4, Ottawa, ON K1P 5K7';

async function story(): Promise<void> {
  const now = Date.now();
  await call('GET', '/health/live');
  await call('GET', '/health/ready');

  // Staff and keys.
  const adminLogin = await call('POST', `${API}/auth/login`, { body: { email: adminEmail, password: adminPassword } });
  const refreshed = await call('POST', `${API}/auth/refresh`, { body: { refreshToken: adminLogin.refreshToken } });
  const admin = String(refreshed.accessToken);
  await call('GET', `${API}/auth/me`, { as: admin });
  const therapistEmail = email('therapist');
  const therapist = await call('POST', `${API}/users`, {
    as: admin,
    expect: 201,
    body: { role: 'therapist', email: therapistEmail, displayName: 'Maya Singh', password: PASSWORD, therapistProfile: { credentials: 'RP', crpoNumber: '10234', takesConnectionCalls: true } },
  });
  const therapistId = id(therapist);
  await call('GET', `${API}/users`, { as: admin, query: { role: 'therapist', limit: '5' } });
  await call('GET', `${API}/users/{id}`, { as: admin, params: { id: therapistId } });
  await call('PATCH', `${API}/users/{id}`, { as: admin, params: { id: therapistId }, body: { displayName: 'Maya Singh-Roy' } });
  const staff = String((await call('POST', `${API}/auth/login`, { body: { email: therapistEmail, password: PASSWORD } })).accessToken);
  const key = await call('POST', `${API}/api-keys`, { as: admin, expect: 201, body: { name: 'Booking site', scopes: ['bookings:write', 'reports:read'] } });
  await call('GET', `${API}/api-keys`, { as: admin });
  await call('GET', `${API}/api-keys/current`, { apiKey: String(key.key) });

  // Clients, consents, couples.
  const alexEmail = email('alex');
  const client = await call('POST', `${API}/clients`, { as: staff, expect: 201, body: { legalName: 'Alexandra Tremblay', dateOfBirth: '1988-04-17', email: alexEmail, phone: '+16135550188' } });
  const partner = await call('POST', `${API}/clients`, { as: staff, expect: 201, body: { legalName: 'Samuel Tremblay', dateOfBirth: '1986-09-02' } });
  const clientId = id(client);
  await call('GET', `${API}/clients`, { as: staff, query: { includeArchived: 'true' } });
  await call('GET', `${API}/clients/{id}`, { as: staff, params: { id: clientId } });
  await call('PATCH', `${API}/clients/{id}`, { as: staff, params: { id: clientId }, body: { preferredName: 'Alex' } });
  await call('POST', `${API}/clients/{id}/invitation`, { as: staff, params: { id: clientId }, expect: 201, body: {} });
  const token = await mailedToken('portal.invitation', alexEmail);
  const portal = await call('POST', `${API}/auth/invitations/accept`, { body: { token, password: PASSWORD, displayName: 'Alex' } });
  const alex = String(portal.accessToken);
  await call('POST', `${API}/clients/{id}/consents`, { as: staff, params: { id: clientId }, expect: 201, body: { purpose: 'treatment', decision: 'granted' } });
  await call('GET', `${API}/clients/{id}/consents`, { as: alex, params: { id: clientId } });
  const couple = await call('POST', `${API}/couples`, { as: staff, expect: 201, body: { partnerAId: clientId, partnerBId: id(partner) } });
  const coupleId = id(couple);
  await call('GET', `${API}/couples`, { as: staff });
  await call('GET', `${API}/couples/{id}`, { as: alex, params: { id: coupleId } });
  await call('PATCH', `${API}/couples/{id}`, { as: staff, params: { id: coupleId }, body: { status: 'active' } });
  // Neither partner has consented to releasing the joint record: the document's 409.
  await call('GET', `${API}/couples/{id}/record-export`, { as: staff, params: { id: coupleId }, expect: 409 });

  // Sessions: one ahead to move and cancel, two behind to complete and to mark as a no-show.
  const book = (startsAt: number, place: Body) =>
    call('POST', `${API}/sessions`, { as: staff, expect: 201, body: { coupleId, startsAt: at(startsAt), endsAt: at(startsAt + HOUR), ...place } });
  const ahead = ((await book(now + 3 * DAY, { modality: 'in_person', location: PLACE })).sessions as Body[])[0];
  const done = ((await book(now - 2 * DAY, { modality: 'online', videoUrl: 'https://video.clinic.example/room/4821' })).sessions as Body[])[0];
  const missed = ((await book(now - 3 * DAY, { modality: 'in_person', location: PLACE })).sessions as Body[])[0];
  await call('GET', `${API}/sessions`, { as: staff, query: { from: at(now - 7 * DAY), to: at(now + 7 * DAY) } });
  await call('GET', `${API}/sessions/{id}`, { as: alex, params: { id: id(ahead) } });
  await call('PATCH', `${API}/sessions/{id}`, { as: staff, params: { id: id(ahead) }, body: { startsAt: at(now + 4 * DAY), endsAt: at(now + 4 * DAY + HOUR) } });
  await call('POST', `${API}/sessions/{id}/cancel`, { as: staff, params: { id: id(ahead) }, body: { cancelledBy: 'client', reason: 'Travelling' } });
  await call('POST', `${API}/sessions/{id}/complete`, { as: staff, params: { id: id(done) }, body: { attendedClientIds: [clientId] } });
  await call('POST', `${API}/sessions/{id}/no-show`, { as: staff, params: { id: id(missed) } });
  await call('POST', `${API}/sessions/{id}/notes`, { as: staff, params: { id: id(done) }, expect: 201, body: { text: 'Worked on bids for connection.' } });
  await call('GET', `${API}/sessions/{id}/notes`, { as: staff, params: { id: id(done) } });
  // Billing: the fee schedule, the no-show billed to partner A (the couple's default payer), paid, credited.
  const schedule = await call('GET', `${API}/fee-schedule`, { as: staff });
  const report = await call('POST', `${API}/fee-schedule`, {
    as: admin,
    expect: 201,
    body: { code: `insurer_report_${Date.now().toString(36)}`, name: 'Progress report for an insurer', kind: 'document', taxTreatment: 'hst_13', unitPriceCents: 18000, effectiveFrom: '2026-01-01' },
  });
  await call('GET', `${API}/fee-schedule/{id}`, { as: staff, params: { id: id((schedule.data as Body[])[0]) } });
  await call('POST', `${API}/fee-schedule/{id}/prices`, { as: admin, params: { id: id(report) }, expect: 201, body: { unitPriceCents: 19000, effectiveFrom: '2030-01-01' } });
  await call('PATCH', `${API}/fee-schedule/{id}`, { as: admin, params: { id: id(report) }, body: { active: false } });
  const issued = await call('POST', `${API}/invoices`, { as: admin, expect: 201, body: { sessionIds: [id(missed)] } });
  const invoice = (issued.invoices as Body[])[0];
  await call('GET', `${API}/invoices`, { as: alex });
  await call('GET', `${API}/invoices/{id}`, { as: alex, params: { id: id(invoice) } });
  const payment = await call('POST', `${API}/payments`, { as: admin, expect: 201, body: { payerClientId: clientId, method: 'e_transfer', amountCents: 5000, receivedAt: at(now), reference: 'CA4kT9' } });
  await call('GET', `${API}/payments`, { as: alex });
  await call('GET', `${API}/payments/{id}`, { as: alex, params: { id: id(payment) } });
  await call('POST', `${API}/invoices/{id}/credit-notes`, {
    as: admin,
    params: { id: id(invoice) },
    expect: 201,
    body: { reason: 'No-show fee halved', lines: [{ invoiceLineId: id((invoice.lines as Body[])[0]), amountCents: 2500 }] },
  });
  await call('GET', `${API}/clients/{id}/balance`, { as: alex, params: { id: clientId } });
  // The receipts Alex submits to her insurer: of the payment, and of the month's services.
  await call('GET', `${API}/payments/{id}/receipt`, { as: alex, params: { id: id(payment) } });
  const serviceDays = { from: DateTime.fromMillis(now - 10 * DAY).toISODate() as string, to: DateTime.fromMillis(now + DAY).toISODate() as string };
  await call('GET', `${API}/clients/{id}/receipt`, { as: alex, params: { id: clientId }, query: serviceDays });
  // A payment is applied to the invoice: voiding it is the document's 409.
  await call('POST', `${API}/invoices/{id}/void`, { as: admin, params: { id: id(invoice) }, expect: 409, body: { reason: 'Issued in error' } });
  const feed = await call('POST', `${API}/calendar/feed`, { as: staff, expect: 201 });
  await call('GET', `${API}/calendar/{file}`, { params: { file: String(feed.url).split('/').pop() as string } });

  // Rupture and repair.
  const rupture = await call('POST', `${API}/couples/{id}/ruptures`, {
    as: alex,
    params: { id: coupleId },
    expect: 201,
    body: { occurredAt: at(now - DAY), severity: 'minor', kind: 'missed_bid', description: 'A bid at breakfast went unanswered.', themes: ['mornings'] },
  });
  const ruptureId = id(rupture);
  await call('GET', `${API}/couples/{id}/ruptures`, { as: staff, params: { id: coupleId } });
  await call('GET', `${API}/couples/{id}/repair-summary`, { as: staff, params: { id: coupleId } });
  await call('POST', `${API}/ruptures/{id}/recognition`, { as: staff, params: { id: ruptureId }, expect: 201, body: {} });
  const attempted = await call('POST', `${API}/ruptures/{id}/repair-attempts`, {
    as: staff,
    params: { id: ruptureId },
    expect: 201,
    body: { initiatorClientId: clientId, approach: 'imago_dialogue', imagoSteps: ['mirroring', 'validation'] },
  });
  const attemptId = id((attempted.attempts as Body[])[0]);
  await call('POST', `${API}/ruptures/{id}/repair-attempts/{attemptId}/confirmations`, { as: alex, params: { id: ruptureId, attemptId }, expect: 201, body: { feelsRepaired: true } });
  await call('GET', `${API}/ruptures/{id}`, { as: staff, params: { id: ruptureId } });

  // Outcome measures: the CSI-4 assigned once, answered by Alex for herself, her total shared.
  await call('GET', `${API}/outcome-instruments`, { as: alex });
  const assignment = await call('POST', `${API}/couples/{id}/outcome-assignments`, { as: staff, params: { id: coupleId }, expect: 201, body: { instrument: 'csi-4', schedule: 'once' } });
  await call('GET', `${API}/couples/{id}/outcome-assignments`, { as: alex, params: { id: coupleId } });
  await call('PATCH', `${API}/outcome-assignments/{id}`, { as: staff, params: { id: id(assignment) }, body: { sharesTotals: true } });
  const answered = await call('POST', `${API}/outcome-assignments/{id}/responses`, { as: alex, params: { id: id(assignment) }, expect: 201, body: { answers: { '1': 4, '2': 4, '3': 3, '4': 4 } } });
  await call('GET', `${API}/couples/{id}/outcome-responses`, { as: staff, params: { id: coupleId } });
  await call('GET', `${API}/outcome-responses/{id}`, { as: alex, params: { id: id(answered) } });

  // Availability, time off and a connection call booked, moved, cancelled; another converted.
  const windows = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '08:00', end: '20:00' }));
  await call('PUT', `${API}/therapists/{id}/availability`, { as: staff, params: { id: therapistId }, body: { windows } });
  await call('GET', `${API}/therapists/{id}/availability`, { as: staff, params: { id: therapistId } });
  const timeOff = await call('POST', `${API}/therapists/{id}/time-off`, { as: staff, params: { id: therapistId }, expect: 201, body: { startsAt: at(now + 20 * DAY), endsAt: at(now + 21 * DAY), reason: 'Conference' } });
  await call('GET', `${API}/therapists/{id}/time-off`, { as: staff, params: { id: therapistId } });
  await call('DELETE', `${API}/therapists/{id}/time-off/{timeOffId}`, { as: staff, params: { id: therapistId, timeOffId: id(timeOff) }, expect: 204 });
  await call('GET', `${API}/public/therapists`);
  const free = await call('GET', `${API}/connection-calls/availability`, { query: { from: at(now + 2 * DAY), to: at(now + 6 * DAY), modality: 'video', therapistId } });
  const slots = (free.slots as Body[]).map((s) => String(s.startsAt));
  const booking = (startsAt: string, who: string) => ({ modality: 'video', startsAt, therapistId, consentToContact: true, inOntario: true, name: who, email: email(who.toLowerCase()) });
  const first = await call('POST', `${API}/connection-calls`, { expect: 201, headers: { 'idempotency-key': `story-${now}` }, body: booking(slots[0], 'Jordan') });
  const manage = String(first.manageUrl).split('/').pop() as string;
  await call('GET', `${API}/connection-calls/manage/{token}`, { params: { token: manage } });
  await call('POST', `${API}/connection-calls/manage/{token}/reschedule`, { params: { token: manage }, body: { startsAt: slots[slots.length - 1] } });
  await call('POST', `${API}/connection-calls/manage/{token}/cancel`, { params: { token: manage } });
  const second = await call('POST', `${API}/connection-calls`, { apiKey: String(key.key), expect: 201, body: booking(slots[0], 'Riley') });
  await call('GET', `${API}/connection-calls`, { as: staff });
  await call('GET', `${API}/connection-calls/{id}`, { as: staff, params: { id: id(second) } });
  // The call has not started: recording its outcome is the document's 409.
  await call('PATCH', `${API}/connection-calls/{id}`, { as: staff, params: { id: id(second) }, body: { status: 'completed' }, expect: 409 });
  await call('POST', `${API}/connection-calls/{id}/convert`, { as: staff, params: { id: id(second) }, expect: 201, body: { dateOfBirth: '1990-01-31' } });

  // Webhooks, reports, audit.
  const hook = await call('POST', `${API}/webhooks`, { as: admin, expect: 201, body: { url: 'https://hooks.clinic.example/calls', events: ['connection_call.booked'] } });
  await call('GET', `${API}/webhooks`, { as: admin });
  await call('DELETE', `${API}/webhooks/{id}`, { as: admin, params: { id: id(hook) }, expect: 204 });
  const period = { from: new Date(now - 60 * DAY).toISOString().slice(0, 10), to: new Date(now + DAY).toISOString().slice(0, 10) };
  await call('GET', `${API}/reports/connection-calls`, { as: staff, query: period });
  await call('GET', `${API}/reports/sessions`, { apiKey: String(key.key), query: { ...period, groupBy: 'week' } });
  // The de-identified report covers whole closed periods only: last month in the clinic's zone.
  const month = DateTime.now().setZone('America/Toronto').startOf('month');
  const lastMonth = { from: month.minus({ months: 1 }).toISODate() as string, to: month.toISODate() as string };
  await call('GET', `${API}/reports/repair`, { as: admin, query: lastMonth });
  await call('GET', `${API}/reports/outcomes`, { as: admin, query: lastMonth });
  await call('GET', `${API}/reports/revenue`, { as: admin, query: period });
  await call('GET', `${API}/reports/receivables-aging`, { apiKey: String(key.key) });
  // Delivery is off here, so nothing has failed: the list is empty and a retry finds nothing (404).
  await call('GET', `${API}/deliveries/dead-letters`, { as: admin });
  await call('POST', `${API}/deliveries/{id}/retry`, { as: admin, params: { id: '00000000-0000-4000-8000-000000000000' }, expect: 404 });
  await call('GET', `${API}/audit-events`, { as: admin, query: { clientId } });
  await call('GET', `${API}/audit-events/verify`, { as: admin });
  await call('GET', `${API}/clients/{id}/access-log`, { as: alex, params: { id: clientId } });

  // Endings: archive, a purge inside the retention period (the document's 409), a key revoked, sign-out.
  await call('POST', `${API}/clients/{id}/archive`, { as: staff, params: { id: clientId } });
  await call('POST', `${API}/clients/{id}/purge`, { as: admin, params: { id: clientId }, expect: 409 });
  const spare = await call('POST', `${API}/api-keys`, { as: admin, expect: 201, body: { name: 'Spare', scopes: ['reports:read'] } });
  await call('DELETE', `${API}/api-keys/{id}`, { as: admin, params: { id: id(spare) }, expect: 204 });
  // Sign-out ends that sign-in at once: a second one, so the tokens kept for the contract tests live on.
  const leaving = await call('POST', `${API}/auth/login`, { body: { email: adminEmail, password: adminPassword } });
  await call('POST', `${API}/auth/logout`, { body: { refreshToken: leaving.refreshToken }, expect: 204 });
  // Alex changes her password, then forgets it: the reset link comes by email and ends her sign-ins.
  const newPassword = `${PASSWORD} changed`;
  await call('POST', `${API}/auth/password`, { as: alex, expect: 204, body: { currentPassword: PASSWORD, newPassword } });
  await call('POST', `${API}/auth/password-reset/request`, { expect: 202, body: { email: alexEmail } });
  const resetToken = await mailedToken('account.password_reset', alexEmail);
  await call('POST', `${API}/auth/password-reset`, { expect: 204, body: { token: resetToken, newPassword: `${newPassword} again` } });

  Object.assign(remembered, {
    bearerToken: admin,
    therapistToken: staff,
    apiKey: String(key.key),
    therapistId,
    clientId,
    coupleId,
    sessionId: id(done),
    ruptureId,
    connectionCallId: id(second),
    manageToken: String(second.manageUrl).split('/').pop() as string,
    calendarFile: String(feed.url).split('/').pop() as string,
    availabilityFrom: at(now + 2 * DAY),
    availabilityTo: at(now + 6 * DAY),
    repairFrom: lastMonth.from,
    repairTo: lastMonth.to,
  });
}

/** Operations of the document the story never called. */
function uncalled(): string[] {
  const document = JSON.parse(readFileSync('docs/openapi.json', 'utf8')) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => ['get', 'put', 'post', 'patch', 'delete'].includes(method) && !called.has(`${method} ${path}`))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

story()
  .catch((error: unknown) => failures.push(`the story stopped: ${error instanceof Error ? error.stack : String(error)}`))
  .then(() => {
    const missing = uncalled();
    if (missing.length) failures.push(`operations never called: ${missing.join(', ')}`);
    if (failures.length) {
      process.stderr.write(`Contract story: ${failures.length} failure(s)\n${failures.join('\n')}\n`);
      process.exit(1);
    }
    writeFileSync(environmentFile, JSON.stringify({ name: 'contract story', values: Object.entries(remembered).map(([key, value]) => ({ key, value, enabled: true })) }));
    process.stdout.write(`Contract story: ${called.size} operations called through the validating proxy, no violations.\n`);
  });
