/*
 * Soak: a fixed-rate load on GET /clients/{id} against the built API for a while (default 5 min),
 * sampling its resident memory (RSS) every 5 s. After a warm-up (default 60 s), memory is judged
 * by the trend of all samples, not by single readings, which one garbage collection moves:
 * - a least-squares line of RSS over time: its slope (MiB per minute) and the growth it gives over
 *   the measured span, as a % of the mean RSS;
 * - the floor (lowest RSS) of each fixed 60 s window, reported for comparison.
 * Passes when the fitted growth stays under 10 %, the peak under 250 MiB, and no request fails.
 * Usage: npm run bench:soak -- [--minutes N] [--rate N] [--warm-up S]  (DATABASE_URL or the embedded server)
 */
import autocannon from 'autocannon';
import { apiEnvironment, benchDatabase, freePort, machine, median, signIn, startServer, withClient } from './bench-kit';
import { FIXTURE_SIZES, seedFixture } from './fixture';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const SAMPLE_SECONDS = 5;
const WINDOW_SECONDS = 60;
const round1 = (x: number) => Math.round(x * 10) / 10;

interface Sample {
  second: number;
  rssMiB: number;
}

/** The least-squares line of RSS over time: slope in MiB per minute, and the growth it gives over the samples' span as a % of their mean. */
function memoryTrend(samples: Sample[]): { slopeMiBPerMinute: number; growthPercent: number; meanMiB: number } {
  const n = samples.length;
  const meanT = samples.reduce((a, s) => a + s.second, 0) / n;
  const meanM = samples.reduce((a, s) => a + s.rssMiB, 0) / n;
  const sxy = samples.reduce((a, s) => a + (s.second - meanT) * (s.rssMiB - meanM), 0);
  const sxx = samples.reduce((a, s) => a + (s.second - meanT) ** 2, 0);
  const slopePerSecond = sxx ? sxy / sxx : 0;
  const span = n ? samples[n - 1].second - samples[0].second : 0;
  return { slopeMiBPerMinute: round1(slopePerSecond * 60), growthPercent: round1(((slopePerSecond * span) / meanM) * 100), meanMiB: round1(meanM) };
}

/** The lowest RSS of each whole window of `seconds` from `start` on (a window the run ended in is left out). */
function windowFloors(samples: Sample[], start: number, seconds: number): number[] {
  const last = samples.at(-1)?.second ?? start;
  const floors: number[] = [];
  for (let from = start; from + seconds <= last + SAMPLE_SECONDS / 2; from += seconds) {
    floors.push(Math.min(...samples.filter((s) => s.second > from && s.second <= from + seconds).map((s) => s.rssMiB)));
  }
  return floors;
}

async function main() {
  const minutes = flag('--minutes', 5);
  const rate = flag('--rate', 200);
  const warmUp = flag('--warm-up', 60);
  if (minutes * 60 <= warmUp + 2 * SAMPLE_SECONDS) throw new Error('--minutes must leave samples after --warm-up');
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
      const samples: Sample[] = [];
      const started = Date.now();
      const sampler = setInterval(() => {
        samples.push({ second: Math.round((Date.now() - started) / 1000), rssMiB: round1(api.rssBytes() / 2 ** 20) });
        console.log(`${samples.at(-1)?.second} s: RSS ${samples.at(-1)?.rssMiB} MiB`);
      }, SAMPLE_SECONDS * 1000);
      const result = await autocannon({
        url: `${api.base}/api/v1/clients/${client}`,
        headers: { authorization: `Bearer ${token}` },
        connections: 10,
        overallRate: rate,
        duration: minutes * 60,
      });
      clearInterval(sampler);
      const after = samples.filter((s) => s.second > warmUp);
      const trend = memoryTrend(after);
      const floors = windowFloors(after, warmUp, WINDOW_SECONDS);
      const peakMiB = Math.round(api.peakRssBytes() / 2 ** 20);
      const summary = {
        command: `npm run bench:soak -- --minutes ${minutes} --rate ${rate} --warm-up ${warmUp}`,
        machine: await machine(db.url),
        minutes,
        ratePerSecond: rate,
        requests: result.requests.total,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        warmUpSeconds: warmUp,
        rssSlopeMiBPerMinute: trend.slopeMiBPerMinute,
        rssGrowthPercent: trend.growthPercent,
        meanRssMiB: trend.meanMiB,
        medianRssMiB: median(after.map((s) => s.rssMiB)),
        windowFloorsMiB: floors,
        windowFloorGrowthPercent: floors.length > 1 ? round1(((floors[floors.length - 1] - floors[0]) / floors[0]) * 100) : null,
        peakMiB,
        rule: 'pass: fitted RSS growth after warm-up < 10 % of the mean, peak < 250 MiB, no errors or non-2xx',
        ok: peakMiB < 250 && trend.growthPercent < 10 && result.non2xx === 0 && result.errors === 0,
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
