/*
 * A guided tour of the clinic API through the typed client: signs in, then reads what a
 * therapist sees, printing each request and what came back (counts and ids, no personal details).
 * Run it against a running API: `npm run example` (see examples/README.md).
 */
import { clinicClient, ProblemError, signIn, unwrap } from './clinic-client';

/** Walks the API as `email`, telling each request and its outcome to `say`. */
export async function tour(baseUrl: string, email: string, password: string, say: (line: string) => void = console.log): Promise<void> {
  const step = (request: string, outcome: string) => say(`${request.padEnd(52)} → ${outcome}`);
  say(`Clinic API at ${baseUrl}, signing in as ${email}\n`);
  const health = await fetch(`${baseUrl}/health/ready`);
  step('GET /health/ready', `${health.status}`);

  const { api, user } = await signIn(baseUrl, email, password);
  step('POST /api/v1/auth/login', `signed in (role: ${user.role}); the access token goes with every request below`);

  const me = unwrap(await api.GET('/api/v1/auth/me'));
  step('GET /api/v1/auth/me', `${me.role} ${me.id}`);

  const bookable = unwrap(await clinicClient(baseUrl).GET('/api/v1/public/therapists', { params: { query: { limit: 10 } } }));
  step('GET /api/v1/public/therapists (no sign-in)', `${bookable.data.length} therapist(s) take connection calls`);

  if (user.role === 'admin') {
    const users = unwrap(await api.GET('/api/v1/users', { params: { query: { limit: 20 } } }));
    step('GET /api/v1/users?limit=20', `${users.data.length} account(s)${users.nextCursor ? ', more on the next page' : ''}`);
    return;
  }

  const clients = unwrap(await api.GET('/api/v1/clients', { params: { query: { limit: 20 } } }));
  step('GET /api/v1/clients?limit=20', `${clients.data.length} client(s) you may see${clients.nextCursor ? ', more on the next page' : ''}`);

  const couples = unwrap(await api.GET('/api/v1/couples', { params: { query: { limit: 20 } } }));
  step('GET /api/v1/couples?limit=20', `${couples.data.length} couple(s)`);

  const couple = couples.data[0];
  if (couple) {
    const summary = unwrap(await api.GET('/api/v1/couples/{id}/repair-summary', { params: { path: { id: couple.id } } }));
    const open = summary.openByStage.reduce((n, stage) => n + stage.count, 0);
    step(`GET /api/v1/couples/${couple.id.slice(0, 8)}…/repair-summary`, `${open} open rupture(s), median ${summary.medianHoursToCompletion?.toFixed(1) ?? '–'} h to repair`);
  }

  const upcoming = unwrap(await api.GET('/api/v1/sessions', { params: { query: { from: new Date().toISOString(), limit: 5 } } }));
  const next = upcoming.data[0];
  step('GET /api/v1/sessions?from=now&limit=5', next ? `next session ${next.startsAt} (${next.status})` : 'no upcoming session');
}

if (require.main === module) {
  const baseUrl = process.env.CLINIC_API_URL ?? 'http://localhost:3000';
  const email = process.env.CLINIC_EMAIL ?? 'therapist1@demo.clinic.test';
  tour(baseUrl, email, process.env.CLINIC_PASSWORD ?? 'repair-and-reconnect-2025').catch((error: unknown) => explain(error, baseUrl, email));
}

function explain(error: unknown, baseUrl: string, email: string): never {
  if (error instanceof ProblemError && error.status === 401) {
    console.error(`\nSign-in refused for ${email}. Seed the demo clinic (npm run seed:demo) or set CLINIC_EMAIL and CLINIC_PASSWORD.`);
  } else if (error instanceof TypeError) {
    console.error(`\nNo API at ${baseUrl} (${String((error as { cause?: unknown }).cause ?? error.message)}). Start it with npm start, or set CLINIC_API_URL.`);
  } else {
    console.error(`\n${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
}
