/*
 * The baseline the API is measured against: plain Fastify and node-postgres with the API's pool
 * size, doing the least each endpoint needs — verify the same access token (HS256, iss, aud, typ),
 * check the user is active, run the same scoped SELECT with its audit event (one statement, the
 * audit insert trigger runs here too), map rows with the API's own mappers and page them with its
 * keyset, and write the answer with the API's own writer (instants in the clinic's zone), so that it
 * answers the same bytes as the API (bench/harness.ts checks it) for the least work that takes.
 * Started by bench/harness.ts: PORT, DATABASE_URL, DATABASE_POOL_SIZE, JWT_* from the environment.
 * Imported (bench/cpu-in-process.ts), it does not listen by itself: the importer makes `baseline`
 * listen, and `closeBaseline()` ends it.
 */
import { createSecretKey } from 'node:crypto';
import Fastify, { FastifyReply, FastifyRequest } from 'fastify';
import { verify } from 'jsonwebtoken';
import { Pool } from 'pg';
import { toClientResponse } from '../src/clients/clients.mapper';
import type { ClientResponse } from '../src/clients/dto/client.response';
import { clientsQueries } from '../src/clients/clients.queries';
import { AccessService } from '../src/common/access/access.service';
import { auditTrailQueries } from '../src/common/audit/audit-trail.queries';
import { CONNECTION_OPTIONS } from '../src/database/connection-options';
import { Statement } from '../src/database/statement';
import { UserActor } from '../src/common/auth/roles';
import { freeSlots, parseBusy, SlotGrid, WeeklyWindow } from '../src/connection-calls/slots';
import { repairSummaryQueries } from '../src/ruptures/repair-summary.queries';
import { toRepairSummaryResponse } from '../src/ruptures/ruptures.mapper';
import { writeInstantsInClinicZone } from '../src/common/time/instant-serializer';
import type { Page } from '../src/common/pagination/pagination';
import type { TherapySessionResponse } from '../src/therapy-sessions/dto/therapy-session.response';
import { toTherapySessionResponse } from '../src/therapy-sessions/therapy-sessions.mapper';
import { SESSION_ORDER, therapySessionQueries, TherapySessionRow } from '../src/therapy-sessions/therapy-sessions.queries';

const env = process.env;
const zone = env.CLINIC_TIME_ZONE ?? 'America/Toronto';
const pool = new Pool({ connectionString: env.DATABASE_URL, max: Number(env.DATABASE_POOL_SIZE ?? 10), options: CONNECTION_OPTIONS });
// The API's own statements, built by its query modules with the caller's AccessScope (pure SQL
// builders), each run straight through pool.query.
const access = new AccessService(null as never);
const run = async <R>(s: Statement<R>): Promise<R[]> => (await pool.query(s.text, s.values as unknown[])).rows as R[];
// A KeyObject, as the API uses: a string makes jsonwebtoken try to parse it as a PEM key each time.
const secret = createSecretKey(Buffer.from(env.JWT_SECRET as string));
const rules = { zone, callMinutes: 20, bufferMinutes: 10, minNoticeMinutes: 12 * 60, horizonDays: 30 };

/** The caller a bearer token names, checked as the API checks it; undefined when it names nobody. */
export async function callerOf(token: string | undefined, requestId: string, sourceAddress: string): Promise<UserActor | undefined> {
  try {
    if (!token) return undefined;
    const decoded = verify(token, secret, { algorithms: ['HS256'], issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE, complete: true });
    const { sub, sid } = decoded.payload as { sub?: string; sid?: string };
    if (decoded.header.typ !== 'at+jwt' || !sub || !sid) return undefined;
    // The same check as the API's: the user is active and the sign-in the token names has not ended.
    const { rows } = await pool.query<{ id: string; role: UserActor['role'] }>(
      `SELECT u.id, u.role FROM users u
        WHERE u.id = $1 AND u.active
          AND EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = $2 AND r.user_id = u.id AND r.revoked_at IS NULL)`,
      [sub, sid],
    );
    return rows[0] ? { kind: 'user', id: rows[0].id, role: rows[0].role, requestId, sourceAddress } : undefined;
  } catch {
    return undefined;
  }
}

async function actorOf(request: FastifyRequest, reply: FastifyReply): Promise<UserActor | undefined> {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  const actor = await callerOf(token, String(request.id), request.ip);
  if (!actor) void reply.code(401).send({ status: 401 });
  return actor;
}

/** One client, read and audited with the API's own statement; undefined when out of reach. */
export async function readClient(actor: UserActor, id: string): Promise<ClientResponse | undefined> {
  const read = auditTrailQueries.auditedRead(actor, clientsQueries.client(access.scope(actor), id), {
    action: 'read',
    resourceType: 'client',
    resourceId: 'rows.id',
    clientIds: 'ARRAY[rows.id]',
  });
  const [row] = await run(read);
  return row ? toClientResponse(row) : undefined;
}

/** A page of sessions, read and audited with the API's own statement and paged with its keyset. */
export async function readSessionPage(actor: UserActor, query: { limit: number; from?: string; to?: string }): Promise<Page<TherapySessionResponse>> {
  const list = therapySessionQueries.list(access.scope(actor), query);
  const spec = { action: 'list', resourceType: 'session', clientIds: 'rows.client_ids' } as const;
  const select = auditTrailQueries.auditedRead(actor, list, spec, { orderBy: SESSION_ORDER.orderByKey, pageSize: query.limit });
  return SESSION_ORDER.page(await run(select), query.limit, (r: TherapySessionRow) => toTherapySessionResponse(r, zone, actor));
}

const app = Fastify({ logger: false });
export const baseline = app;
writeInstantsInClinicZone(app, zone);

app.get('/health/ready', async () => ({ status: 'ok' }));

app.get<{ Params: { id: string } }>('/api/v1/clients/:id', async (request, reply) => {
  const actor = await actorOf(request, reply);
  if (!actor) return reply;
  return (await readClient(actor, request.params.id)) ?? reply.code(404).send({ status: 404 });
});

app.get<{ Querystring: { from?: string; to?: string; limit?: string } }>('/api/v1/sessions', async (request, reply) => {
  const actor = await actorOf(request, reply);
  if (!actor) return reply;
  return readSessionPage(actor, { limit: Number(request.query.limit ?? 20), from: request.query.from, to: request.query.to });
});

app.get<{ Querystring: { from: string; to: string } }>('/api/v1/connection-calls/availability', async (request) => {
  const from = Date.parse(request.query.from);
  const to = Date.parse(request.query.to);
  const buffer = rules.bufferMinutes * 60_000;
  // The least work: busy time merged in SQL and sent as milliseconds, one slot grid for every therapist.
  const { rows } = await pool.query<{ id: string; windows: WeeklyWindow[]; busy: string | null }>(
    `SELECT u.id,
            coalesce((SELECT json_agg(json_build_object('weekday', w.weekday, 'start', to_char(w.starts_at, 'HH24:MI'), 'end', to_char(w.ends_at, 'HH24:MI')))
                        FROM availability_windows w WHERE w.therapist_id = u.id), '[]') AS windows,
            (SELECT string_agg((extract(epoch FROM lower(r)) * 1000)::bigint || ',' || (extract(epoch FROM upper(r)) * 1000)::bigint, ',')
               FROM unnest((SELECT range_agg(b.during) FROM busy_times b
                             WHERE b.therapist_id = u.id AND b.released_at IS NULL AND b.during && tstzrange($1, $2, '[)'))) r) AS busy
       FROM users u JOIN therapist_profiles p ON p.user_id = u.id
      WHERE u.role = 'therapist' AND u.active AND p.takes_connection_calls ORDER BY u.id`,
    [new Date(from - buffer), new Date(to + buffer)],
  );
  const grid = new SlotGrid({ start: from, end: to }, Date.now(), rules);
  const slots = freeSlots(grid, rows.map((c) => ({ id: c.id, windows: c.windows, busy: parseBusy(c.busy) }))).map((s) => ({
    startsAt: grid.iso(s.start),
    endsAt: grid.iso(s.end),
    therapistIds: s.therapistIds,
  }));
  return { timeZone: zone, callMinutes: rules.callMinutes, slots };
});

app.get<{ Params: { id: string } }>('/api/v1/couples/:id/repair-summary', async (request, reply) => {
  const actor = await actorOf(request, reply);
  if (!actor) return reply;
  const read = auditTrailQueries.auditedRead(actor, repairSummaryQueries.summary(access.scope(actor), request.params.id, zone), {
    action: 'read',
    resourceType: 'repair_summary',
    resourceId: 'rows.id',
    clientIds: 'ARRAY[rows.partner_a_id, rows.partner_b_id]',
  });
  const [row] = await run(read);
  return row ? toRepairSummaryResponse(row, zone) : reply.code(404).send({ status: 404 });
});

export const closeBaseline = () => app.close().then(() => pool.end());

if (require.main === module) {
  const stop = () => void closeBaseline().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  app.listen({ port: Number(env.PORT ?? 3100), host: env.HOST ?? '127.0.0.1' }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
