/*
 * Issue 7's figure: public availability over 30 days for 20 therapists with weekly windows and a
 * busy calendar (five sessions every weekday), one caller at a time, against the built API.
 * Usage: npm run build && node dist/bench/availability.js [--seconds N]  (writes its docs section)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { apiEnvironment, benchDatabase, freePort, load, machine, startServer, withClient } from './bench-kit';
import { FIXTURE_SIZES, seedFixture } from './fixture';

async function main() {
  const argv = process.argv.slice(2);
  const seconds = argv.includes('--seconds') ? Number(argv[argv.indexOf('--seconds') + 1]) : 20;
  const db = await benchDatabase('clinic_bench_availability');
  try {
    const size = { ...FIXTURE_SIZES.year, clientsPerTherapist: 20, daysBack: 7, ruptures: 0 };
    await withClient(db.url, (c) => seedFixture(c, size));
    const port = await freePort();
    const api = await startServer('api', 'src/main.js', apiEnvironment(db.url, port), port, '/health/ready');
    try {
      const now = DateTime.now().setZone('America/Toronto');
      const query = new URLSearchParams({ from: now.toISO() as string, to: now.plus({ days: 30 }).toISO() as string, modality: 'video' });
      const path = `/api/v1/connection-calls/availability?${query}`;
      const body = (await (await fetch(api.base + path)).json()) as { slots: unknown[] };
      await load(api, path, {}, 2, 1); // warm-up
      const r = await load(api, path, {}, seconds, 1);
      const m = await machine(db.url);
      const result = { therapists: size.therapists, sessionsPerWeekday: size.sessionHours.length, days: 30, slots: body.slots.length, seconds, ...r };
      console.log(JSON.stringify(result, null, 2));
      const section = [
        '<!-- availability:start -->',
        `\`GET /connection-calls/availability\` for 30 days over ${size.therapists} bookable therapists (Monday–Friday 09:00–17:00, ${size.sessionHours.length} sessions every weekday, ${body.slots.length} distinct slots offered), one caller at a time for ${seconds} s: **median ${r.p50Ms} ms**, p99 ${r.p99Ms} ms, ${Math.round(r.rps)} req/s, ${r.statementsPerRequest.toFixed(2)} statements and ${Math.round(r.cpuMicrosPerRequest)} µs of API CPU per request, ${r.errors + r.non2xx} errors. Measured ${new Date().toISOString().slice(0, 10)} with \`node dist/bench/availability.js\` on ${m.cores} cores (${m.cpu}), Node ${m.node}, PostgreSQL ${m.postgres}.`,
        '<!-- availability:end -->',
      ].join('\n');
      const file = join(process.cwd(), 'docs', 'performance.md');
      const doc = readFileSync(file, 'utf8');
      const start = doc.indexOf('<!-- availability:start -->');
      const end = doc.indexOf('<!-- availability:end -->');
      writeFileSync(
        file,
        start >= 0 && end > start
          ? doc.slice(0, start) + section + doc.slice(end + '<!-- availability:end -->'.length)
          : `${doc.trimEnd()}\n\n## Availability with a busy calendar (issue 7)\n\n${section}\n`,
      );
      if (r.errors + r.non2xx) process.exitCode = 1;
    } finally {
      await api.stop();
    }
  } finally {
    await db.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
