/*
 * Summarises a V8 CPU profile (`--cpu-prof`, e.g. from BENCH_CPU_PROFILE_DIR): the functions with
 * the most self time, and self time by package or project folder, as shares of the sampled time.
 * Usage: node dist/bench/profile-summary.js <file.cpuprofile> [--top N]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

function place(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  const own = /\/dist[^/]*\/(.+)\/[^/]+$/.exec(url)?.[1] ?? /\/(src\/.+|bench)\/[^/]+$/.exec(url)?.[1];
  if (own) return own;
  return url.startsWith('node:') ? 'node' : url ? url : '(vm)';
}

function main() {
  const [file] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const topIndex = process.argv.indexOf('--top');
  const top = topIndex > 0 ? Number(process.argv[topIndex + 1]) : 30;
  if (!file) throw new Error('usage: profile-summary <file.cpuprofile> [--top N]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
  const total = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
  const byFunction = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = place(url);
    const key = `${functionName || '(anonymous)'} ${where}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
    byPlace.set(where, (byPlace.get(where) ?? 0) + hits);
  }
  const show = (title: string, m: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
  };
  console.log(`${total} samples`);
  show('self time by function', byFunction);
  show('self time by package or folder', byPlace);
}

main();
