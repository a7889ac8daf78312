/*
 * Soak: a fixed-rate load on GET /clients/{id} against the built API for a while (default 5 min),
 * sampling its RSS every 10 s. Passes when the peak stays under 250 MiB and the RSS floor of the
 * second half is within 10 % of the first half's.
 * Usage: npm run bench:soak -- [--minutes N] [--rate N]  (DATABASE_URL or the embedded server)
 */
import autocannon from 'autocannon';
import { apiEnvironment, benchDatabase, freePort, median, signIn, startServer, withClient } from './bench-kit';
import { FIXTURE_SIZES, seedFixture } from './fixture';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);

async function main() {
  const minutes = flag('--minutes', 5);
  const rate = flag('--rate', 200);
  const db = await benchDatabase('clinic_bench_soak');
  try {
    await withClient(db.url, (c) => seedFixture(c, FIXTURE_SIZES.tiny));
    const { token, client } = await withClient(db.url, async (c) => {
      const { therapist, client } = (await c.query<{ therapist: string; client: string }>(`SELECT primary_therapist_id AS therapist, id AS client FROM clients ORDER BY id LIMIT 1`)).rows[0];
      return { token: await signIn(c, therapist, 'therapist', (minutes + 5) * 60), client };
    });
    const port = await freePort();
    const api = await startServer('api', 'src/main.js', apiEnvironment(db.url, port), port, '/health/ready');
    try {
      const samples: { second: number; rssMiB: number }[] = [];
      const started = Date.now();
      const sampler = setInterval(() => {
        samples.push({ second: Math.round((Date.now() - started) / 1000), rssMiB: Math.round((api.rssBytes() / 2 ** 20) * 10) / 10 });
        console.log(`${samples.at(-1)?.second} s: RSS ${samples.at(-1)?.rssMiB} MiB`);
      }, 10_000);
      const result = await autocannon({
        url: `${api.base}/api/v1/clients/${client}`,
        headers: { authorization: `Bearer ${token}` },
        connections: 10,
        overallRate: rate,
        duration: minutes * 60,
      });
      clearInterval(sampler);
      // After 30 s of warm-up, compare the floors (lowest RSS) of the first and second halves: V8
      // lets the heap grow to a sawtooth between major collections, and only a rising floor is a leak.
      const after = samples.filter((s) => s.second > 30);
      const half = Math.floor(after.length / 2);
      const first = Math.min(...after.slice(0, half).map((s) => s.rssMiB));
      const last = Math.min(...after.slice(half).map((s) => s.rssMiB));
      const peakMiB = Math.round(api.peakRssBytes() / 2 ** 20);
      const growthPercent = Math.round(((last - first) / first) * 1000) / 10;
      const summary = {
        minutes,
        ratePerSecond: rate,
        requests: result.requests.total,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        firstHalfFloorMiB: first,
        secondHalfFloorMiB: last,
        medianRssMiB: median(after.map((s) => s.rssMiB)),
        growthPercent,
        peakMiB,
        ok: peakMiB < 250 && growthPercent <= 10 && result.non2xx === 0 && result.errors === 0,
        samples,
      };
      console.log(JSON.stringify(summary, null, 2));
      if (!summary.ok) process.exitCode = 1;
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
