import helmet from 'helmet';
import { INestApplication, RequestMethod } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from './config/environment';
import { ClinicValidationPipe } from './common/validation/validation.pipe';
import { ProblemFilter } from './common/problem/problem.filter';
import { retryReadsOnce } from './common/problem/read-retry';
import { ProblemDetails } from './common/problem/problem-details.response';
import { refineOpenApiDocument } from './common/http/openapi-refinements';
import { registerFrontDoor } from './common/http/front-door';
import { sendLocationOfCreated } from './common/http/created-location';
import { writeInstantsInClinicZone } from './common/time/instant-serializer';

export const API_PREFIX = 'api/v1';

/** Everything an app needs beyond its module: shared by start.ts, the tests and the OpenAPI script. */
export async function configureApp(app: NestFastifyApplication): Promise<void> {
  const config = app.get<ConfigService<AppConfig, true>>(ConfigService);
  const origins = config
    .get('CORS_ORIGINS', { infer: true })
    .split(',')
    .map((o: string) => o.trim())
    .filter(Boolean);

  // Helmet's headers are the same on every response, so they are worked out once, here, and set on
  // each reply as a whole: @fastify/helmet built its middleware anew (CSP parsed again) for every
  // request, ~25 µs of CPU each, and even built once its chain of a dozen steps cost more than this.
  const securityHeaders = helmetHeaders(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: [`'self'`],
          styleSrc: [`'self'`, `'unsafe-inline'`],
          imgSrc: [`'self'`, 'data:'],
          scriptSrc: [`'self'`, `'unsafe-inline'`],
        },
      },
    }),
  );
  app.getHttpAdapter().getInstance().addHook('onRequest', (request, reply, done) => {
    reply.headers(securityHeaders);
    done();
  });
  // Answers carry health information or tokens: never kept by a browser or a shared cache (RFC 6749 §5.1).
  app.getHttpAdapter().getInstance().addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith(`/${API_PREFIX}/`)) {
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
      if (request.url.startsWith(`/${API_PREFIX}/auth/`)) reply.header('pragma', 'no-cache');
    }
    done(null, payload);
  });
  // After the security headers (its 405 carries them), before any route (it must see them all).
  registerFrontDoor(app.getHttpAdapter().getInstance(), API_PREFIX);
  app.enableCors({ origin: origins.length ? origins : false, exposedHeaders: ['X-Request-Id', 'Retry-After', 'Location', 'Idempotency-Replayed'] });
  sendLocationOfCreated(app.getHttpAdapter().getInstance());
  applyRoutePrefix(app);
  app.useGlobalPipes(new ClinicValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  retryReadsOnce(app);
  writeInstantsInClinicZone(app.getHttpAdapter().getInstance(), config.get('CLINIC_TIME_ZONE', { infer: true }));

  // The document is built when /docs is first asked for, not at start: scanning every route and
  // DTO is a good part of the start-up time, and most processes never serve it.
  const publicBaseUrl = config.get('PUBLIC_BASE_URL', { infer: true });
  SwaggerModule.setup('docs', app, () => servedDocument(buildOpenApiDocument(app, publicBaseUrl)), {
    jsonDocumentUrl: 'docs/openapi.json',
    raw: ['json'],
    swaggerOptions: { persistAuthorization: true },
  });
}

/** The headers a helmet middleware sets, found by running it once on a response that only records them. */
function helmetHeaders(middleware: ReturnType<typeof helmet>): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failure: unknown;
  middleware({} as never, response as never, (error?: unknown) => (failure = error));
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}

/** `/api/v1` for the API; health checks stay at the root where orchestrators look. */
export function applyRoutePrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
}

/**
 * The operationId of each handler (`Controller_method` as Nest names it), as generated clients
 * and admin tools will call it. A handler missing here gets `controllerMethod`.
 */
const OPERATION_IDS: Record<string, string> = {
  Health_live: 'checkLiveness',
  Health_ready: 'checkReadiness',
  Auth_login: 'logIn',
  Auth_refresh: 'refreshTokens',
  Auth_acceptInvitation: 'acceptInvitation',
  Auth_logout: 'logOut',
  Auth_me: 'getCurrentUser',
  Auth_changePassword: 'changePassword',
  Auth_requestPasswordReset: 'requestPasswordReset',
  Auth_resetPassword: 'resetPassword',
  Users_list: 'listUsers',
  Users_create: 'createUser',
  Users_get: 'getUser',
  Users_update: 'updateUser',
  ApiKeys_create: 'createApiKey',
  ApiKeys_list: 'listApiKeys',
  ApiKeys_current: 'getCurrentApiKey',
  ApiKeys_revoke: 'revokeApiKey',
  Clients_list: 'listClients',
  Clients_create: 'createClient',
  Clients_get: 'getClient',
  Clients_update: 'updateClient',
  Clients_archive: 'archiveClient',
  Clients_invite: 'inviteClient',
  Clients_purge: 'purgeClient',
  Couples_list: 'listCouples',
  Couples_create: 'createCouple',
  Couples_get: 'getCouple',
  Couples_update: 'updateCouple',
  Couples_exportRecord: 'exportCoupleRecord',
  Consents_ledger: 'getConsentLedger',
  Consents_record: 'recordConsent',
  Audit_list: 'listAuditEvents',
  Audit_verify: 'verifyAuditChain',
  Audit_accessLog: 'getClientAccessLog',
  TherapySessions_list: 'listSessions',
  TherapySessions_create: 'createSessions',
  TherapySessions_get: 'getSession',
  TherapySessions_update: 'updateSession',
  TherapySessions_complete: 'completeSession',
  TherapySessions_cancel: 'cancelSession',
  TherapySessions_noShow: 'markSessionNoShow',
  ClinicalNotes_get: 'getClinicalNote',
  ClinicalNotes_write: 'writeClinicalNote',
  Calendar_rotate: 'rotateCalendarFeed',
  Calendar_feed: 'getCalendarFeed',
  CoupleRuptures_list: 'listRuptures',
  CoupleRuptures_create: 'createRupture',
  CoupleRuptures_summary: 'getRepairSummary',
  Ruptures_get: 'getRupture',
  Ruptures_recognize: 'recognizeRupture',
  Ruptures_startAttempt: 'startRepairAttempt',
  Ruptures_confirm: 'confirmRepair',
  Therapists_listBookable: 'listBookableTherapists',
  Therapists_availability: 'getWeeklyAvailability',
  Therapists_replaceAvailability: 'replaceWeeklyAvailability',
  Therapists_createTimeOff: 'createTimeOff',
  Therapists_listTimeOff: 'listTimeOff',
  Therapists_removeTimeOff: 'removeTimeOff',
  ConnectionCalls_availability: 'getConnectionCallAvailability',
  ConnectionCalls_book: 'bookConnectionCall',
  ConnectionCalls_list: 'listConnectionCalls',
  ConnectionCalls_viewManaged: 'getManagedConnectionCall',
  ConnectionCalls_cancelManaged: 'cancelManagedConnectionCall',
  ConnectionCalls_rescheduleManaged: 'rescheduleManagedConnectionCall',
  ConnectionCalls_get: 'getConnectionCall',
  ConnectionCalls_update: 'updateConnectionCall',
  ConnectionCalls_convert: 'convertConnectionCall',
  Webhooks_create: 'createWebhook',
  Webhooks_list: 'listWebhooks',
  Webhooks_remove: 'deleteWebhook',
  Deliveries_deadLetters: 'listDeadLetters',
  Deliveries_retry: 'retryDelivery',
  Reports_connectionCalls: 'getConnectionCallReport',
  Reports_sessions: 'getSessionReport',
  Reports_repair: 'getRepairReport',
  Reports_outcomes: 'getOutcomeReport',
  OutcomeInstruments_list: 'listOutcomeInstruments',
  CoupleOutcomes_assign: 'assignOutcomeMeasure',
  CoupleOutcomes_list: 'listOutcomeAssignments',
  CoupleOutcomes_responses: 'listOutcomeResponses',
  OutcomeAssignments_update: 'updateOutcomeAssignment',
  OutcomeAssignments_answer: 'answerOutcomeMeasure',
  OutcomeResponses_get: 'getOutcomeResponse',
  FeeSchedule_list: 'listFeeSchedule',
  FeeSchedule_create: 'createServiceType',
  FeeSchedule_get: 'getServiceType',
  FeeSchedule_update: 'updateServiceType',
  FeeSchedule_addPrice: 'setServicePrice',
  Invoices_issue: 'issueInvoices',
  Invoices_list: 'listInvoices',
  Invoices_get: 'getInvoice',
  Invoices_void: 'voidInvoice',
  Invoices_credit: 'issueCreditNote',
  Payments_record: 'recordPayment',
  Payments_list: 'listPayments',
  Payments_get: 'getPayment',
  Balances_get: 'getClientBalance',
  Reports_revenue: 'getRevenueReport',
  Reports_receivablesAging: 'getReceivablesAgingReport',
  Receipts_ofPayment: 'getPaymentReceipt',
  Receipts_ofPeriod: 'getPeriodReceipt',
};

export function operationId(controllerKey: string, methodKey: string): string {
  const controller = controllerKey.replace(/Controller$/, '');
  return OPERATION_IDS[`${controller}_${methodKey}`] ?? `${controller[0].toLowerCase()}${controller.slice(1)}${methodKey[0].toUpperCase()}${methodKey.slice(1)}`;
}

const BEARER_DESCRIPTION =
  'To sign in: call POST /api/v1/auth/login (under auth, "Try it out") with your email and password, copy ' +
  '`accessToken` from the answer and paste it here (without "Bearer"). ' +
  'The access token is a JWT signed with HS256 (the only algorithm accepted), header `typ: at+jwt`, ' +
  'with `iss`, `aud` and `exp` checked, following the JSON Web Token Best Current Practices (RFC8725). ' +
  'It lives 15 minutes; refresh tokens are opaque and never accepted here.';

/**
 * The document as `/docs` serves it: the relative server first, so Swagger UI's "Try it out" calls
 * the host and port the page came from (PUBLIC_BASE_URL may name another origin, which the page's
 * security policy blocks). The committed copy keeps the published address first for tools.
 */
export function servedDocument(document: OpenAPIObject): OpenAPIObject {
  const servers = document.servers ?? [];
  return { ...document, servers: [...servers.filter((s) => s.url === '/'), ...servers.filter((s) => s.url !== '/')] };
}

/**
 * @param serverUrl where the API is published (`PUBLIC_BASE_URL`); the document also lists the
 * relative server, so Swagger UI and tools loading `/docs/openapi.json` call the server they came from.
 */
export function buildOpenApiDocument(app: INestApplication, serverUrl: string): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Clinic practice-management API')
    .setDescription(
      'Clients, couples, therapy sessions, rupture-and-repair records and free connection calls for a ' +
        'couples-therapy clinic in Ontario. Errors are application/problem+json (RFC 9457). ' +
        'Lists are keyset-paginated: pass `nextCursor` back as `cursor`.',
    )
    .setVersion('1.0.0')
    .setLicense('Proprietary: the clinic’s own software, not licensed for reuse', '')
    .addServer(serverUrl, 'The clinic\'s API as published (production; PUBLIC_BASE_URL)', undefined, { 'x-internal': false })
    .addServer('/', 'The server that serves this document (local, test or staging)', undefined, { 'x-internal': false })
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: BEARER_DESCRIPTION }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'Integration key (`ck_…`) with scopes: bookings:write, reports:read' }, 'apiKey')
    .addTag('health', 'Liveness and readiness')
    .addTag('auth', 'Sign-in, token refresh and the signed-in user')
    .addTag('users', 'Staff accounts (admins)')
    .addTag('api-keys', 'Integration keys and their scopes (admins)')
    .addTag('clients', 'People in care: a therapist’s caseload, a client’s own record')
    .addTag('couples', 'Two clients seen together: the joint record')
    .addTag('ruptures', 'Rupture and repair records of a couple: recognition, repair attempts, both partners’ confirmation')
    .addTag('outcomes', 'Outcome measures: the Couples Satisfaction Index assigned to a couple, each partner’s own scored answers')
    .addTag('consents', 'The consent ledger of each client')
    .addTag('audit', 'Who accessed personal health information, and the hash chain that proves it')
    .addTag('therapists', 'Bookable therapists and their weekly availability')
    .addTag('connection-calls', 'Free connection calls: public availability and booking, manage links, the staff side')
    .addTag('webhooks', 'Signed HTTP callbacks for connection-call and session events (admins)')
    .addTag('deliveries', 'Emails and webhook calls that gave up: seen and sent again (admins)')
    .addTag('sessions', 'Therapy sessions: booking, recurrence, status; a therapist is never double-booked')
    .addTag('clinical-notes', 'Versioned clinical notes, readable by the session’s therapist alone')
    .addTag('calendar', 'Secret iCalendar feeds of a therapist’s or client’s sessions')
    .addTag('reports', 'Clinic reports as JSON or streamed CSV: sessions, connection calls, de-identified repair figures, revenue and receivables')
    .addTag('billing', 'Fee schedule, invoices and credit notes, payments and balances, in cents (CAD); receipts for insurance claims (JSON or PDF)');
  return refineOpenApiDocument(SwaggerModule.createDocument(app, builder.build(), { extraModels: [ProblemDetails], operationIdFactory: operationId }));
}
