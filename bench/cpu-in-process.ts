/*
 * CPU per request of the API and of the raw baseline (bench/baseline-server.ts), measured in one
 * process: both listen on loopback and answer the same requests, sent by this process over kept-alive
 * connections (no load generator), in interleaved rounds, so whatever else the machine is doing falls
 * on both alike. On 2 shared cores the harness's figures, taken from two processes under autocannon,
 * move by ±20 % between runs; these move by a few per cent. Both sides' figures include the sending
 * side's share, the same for both, so the ratio here is a little lower than the harness's.
 * (Fastify's inject was used before: light-my-request 6.8 keeps every injected request and response
 * alive, about 9 KB each, so the heap grew by gigabytes over a run and the figures with it.)
 * The API runs as in production (NODE_ENV=production, LOG_LEVEL=info, its log written asynchronously
 * to /dev/null as to a pipe); its background tasks (the audit sealer) run during both sides' rounds.
 * Two more rows measure the data paths alone on both sides (the sign-in check, the audited read and
 * the JSON answer, called directly), which separates them from the HTTP and framework path.
 * Usage: node dist/bench/cpu-in-process.js --database-url URL [--rounds 20] [--requests 300] [--concurrency 10]
 * URL: a migrated, seeded database (bench/seed.ts); it is read, and the reads write audit events.
 */
import { Agent, request, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiEnvironment, argument, findTargets, machine, median, percentile, signIn, withClient, ZONE } from './bench-kit';

interface Side {
  name: string;
  /** One request (or one pass through the data path); throws unless it was answered. */
  call: () => Promise<void>;
  cpuMicros: number[];
}

async function main() {
  const url = argument('database-url');
  if (!url?.startsWith('postgres')) throw new Error('usage: cpu-in-process --database-url postgres://… [--rounds N] [--requests N] [--concurrency N]');
  const rounds = Number(argument('rounds') ?? 20);
  const requests = Number(argument('requests') ?? 300);
  const concurrency = Number(argument('concurrency') ?? 10);
  // Both read their settings from the environment when loaded: the API's production settings.
  Object.assign(process.env, apiEnvironment(url, 0));

  const targets = await withClient(url, (db) => findTargets(db, true));
  const token = await withClient(url, (db) => signIn(db, targets.therapistId, 'therapist', 4 * 3600));
  const headers = { authorization: `Bearer ${token}` };
  const q = new URLSearchParams({ from: targets.week.from, to: targets.week.to, limit: '20' }).toString();

  const { createApp } = await import('../src/app.factory');
  const { createLogger } = await import('../src/common/logging/logger');
  const api = await createApp(url, createLogger('info', { destination: '/dev/null' }));
  await api.listen(0, '127.0.0.1');
  const { baseline, closeBaseline, callerOf, readClient, readSessionPage } = await import('./baseline-server');
  await baseline.listen({ port: 0, host: '127.0.0.1' });
  const { Credentials } = await import('../src/common/auth/credentials');
  const { ClientsService } = await import('../src/clients/clients.service');
  const { TherapySessionsService } = await import('../src/therapy-sessions/therapy-sessions.service');
  const { ListTherapySessionsQuery } = await import('../src/therapy-sessions/dto/list-therapy-sessions.query');
  const { answerJson } = await import('../src/common/time/instant-serializer');
  const credentials = api.get(Credentials);
  const clients = api.get(ClientsService);
  const sessions = api.get(TherapySessionsService);
  const week = Object.assign(new ListTherapySessionsQuery(), { from: targets.week.from, to: targets.week.to, limit: 20 });

  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const get = (server: Server, path: string) =>
    new Promise<{ statusCode: number; body: string }>((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      request({ host: '127.0.0.1', port, path, headers, agent }, (answer) => {
        let body = '';
        answer.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        answer.on('end', () => resolve({ statusCode: answer.statusCode ?? 0, body }));
      })
        .on('error', reject)
        .end();
    });
  const answered = (name: string, server: Server, path: string) => async () => {
    const answer = await get(server, path);
    if (answer.statusCode !== 200) throw new Error(`${name} answered ${path} with ${answer.statusCode}: ${answer.body.slice(0, 200)}`);
  };
  const overHttp = (path: string): Side[] => [
    { name: 'API', call: answered('API', api.getHttpServer() as Server, path), cpuMicros: [] },
    { name: 'baseline', call: answered('baseline', baseline.server, path), cpuMicros: [] },
  ];
  type ApiCaller = Parameters<typeof clients.get>[0];
  type BaselineActor = NonNullable<Awaited<ReturnType<typeof callerOf>>>;
  /** The sign-in check, then `read` and the JSON answer, each side calling its own code directly. */
  const dataPath = (apiRead: (caller: ApiCaller) => Promise<object>, baselineRead: (actor: BaselineActor) => Promise<object | undefined>): Side[] => [
    {
      name: 'API',
      call: async () => {
        const caller = await credentials.ofAccessToken(token);
        if (caller?.kind !== 'user') throw new Error('API: the token names nobody');
        answerJson(await apiRead({ ...caller, requestId: 'cpu-in-process', sourceAddress: '127.0.0.1' }), ZONE);
      },
      cpuMicros: [],
    },
    {
      name: 'baseline',
      call: async () => {
        const actor = await callerOf(token, 'cpu-in-process', '127.0.0.1');
        if (!actor) throw new Error('baseline: the token names nobody');
        const answer = await baselineRead(actor);
        if (!answer) throw new Error('baseline: nothing to answer');
        answerJson(answer, ZONE);
      },
      cpuMicros: [],
    },
  ];
  const clientPath = `/api/v1/clients/${targets.clientId}`;
  // The data paths: the same reads without HTTP or framework. What is left of a side's figure over HTTP
  // once this is taken away is its HTTP and framework path.
  const endpoints: { name: string; sides: Side[] }[] = [
    { name: 'GET /clients/{id}', sides: overHttp(clientPath) },
    { name: 'GET /sessions (page of 20, one week)', sides: overHttp(`/api/v1/sessions?${q}`) },
    {
      name: 'GET /clients/{id}, data path only',
      sides: dataPath((caller) => clients.get(caller, targets.clientId), (actor) => readClient(actor, targets.clientId)),
    },
    {
      name: 'GET /sessions (page of 20, one week), data path only',
      sides: dataPath((caller) => sessions.list(caller, week), (actor) => readSessionPage(actor, { limit: 20, from: targets.week.from, to: targets.week.to })),
    },
  ];
  const lines: string[] = [];
  for (const endpoint of endpoints) {
    const both = endpoint.sides;
    for (const side of both) await side.call();
    const run = async (side: Side, count: number) => {
      let left = count;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (left-- > 0) await side.call();
        }),
      );
    };
    for (const side of both) await run(side, 5 * requests); // warm-up: compiled, pools full
    for (let round = 0; round < rounds; round++) {
      // Alternate which side goes first, so neither always follows the other's garbage.
      for (const side of round % 2 ? [...both].reverse() : both) {
        const before = process.cpuUsage();
        await run(side, requests);
        const used = process.cpuUsage(before);
        side.cpuMicros.push((used.user + used.system) / requests);
      }
    }
    const [a, b] = both;
    const ratios = a.cpuMicros.map((x, i) => x / b.cpuMicros[i]);
    lines.push(
      `| ${endpoint.name} | ${Math.round(median(a.cpuMicros))} | ${Math.round(median(b.cpuMicros))} | **${median(ratios).toFixed(2)}** ` +
        `(middle half ${percentile(ratios, 0.25).toFixed(2)}–${percentile(ratios, 0.75).toFixed(2)}) |`,
    );
  }
  await api.close();
  await closeBaseline();
  agent.destroy();

  const m = await machine(url);
  console.log(
    `\`node ${process.argv.slice(1).join(' ')}\` on ${m.cores} cores (${m.cpu}), Node ${m.node}, PostgreSQL ${m.postgres}; ` +
      `5-minute load average ${m.loadAverage5m}; ${rounds} interleaved rounds of ${requests} requests, ${concurrency} at a time, zone ${ZONE}`,
  );
  console.log('| endpoint | API CPU µs/request | baseline | API/baseline CPU (median of rounds) |');
  console.log('|---|---|---|---|');
  for (const line of lines) console.log(line);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
