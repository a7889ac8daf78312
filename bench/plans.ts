/*
 * How PostgreSQL plans every catalogued statement (the samples rendered to sql/) on a seeded
 * database: the statements that read a large table sequentially, and the costliest plans. Plans
 * only (EXPLAIN, in a transaction that is rolled back); nothing is run. The samples' ids name no
 * real row, so a plan here is where to look, and `EXPLAIN ANALYZE` with real values says what it costs.
 * Usage: node dist/bench/plans.js --database-url URL [--rows 50000] [--top 25]
 */
import { join } from 'node:path';
import { loadQueryModules, renderStatements } from '../src/database/query-catalogue';
import { argument, withClient } from './bench-kit';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Total Cost': number;
  Plans?: PlanNode[];
}

const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];

async function main() {
  const url = argument('database-url');
  if (!url?.startsWith('postgres')) throw new Error('usage: plans --database-url postgres://… [--rows N] [--top N]');
  const largeRows = Number(argument('rows') ?? 50_000);
  const top = Number(argument('top') ?? 25);
  const statements = loadQueryModules(join(__dirname, '..', 'src')).flatMap((m) => renderStatements(m));
  const plans = await withClient(url, async (db) => {
    const rows = new Map(
      (await db.query<{ name: string; n: string }>(`SELECT relname AS name, reltuples::bigint AS n FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`)).rows.map((r) => [r.name, Number(r.n)]),
    );
    const found: { label: string; cost: number; largeSeqScans: string[] }[] = [];
    for (const { label, statement } of statements) {
      await db.query('BEGIN');
      try {
        const [{ 'QUERY PLAN': [{ Plan: plan }] }] = (await db.query(`EXPLAIN (FORMAT JSON) ${statement.text}`, statement.values as unknown[])).rows as { 'QUERY PLAN': { Plan: PlanNode }[] }[];
        const largeSeqScans = nodes(plan)
          .filter((n) => n['Node Type'] === 'Seq Scan' && (rows.get(n['Relation Name'] ?? '') ?? 0) > largeRows)
          .map((n) => `${n['Relation Name']} (${rows.get(n['Relation Name'] ?? '')} rows)`);
        found.push({ label, cost: Math.round(plan['Total Cost']), largeSeqScans });
      } finally {
        await db.query('ROLLBACK');
      }
    }
    return found;
  });
  console.log(`Sequential scans of tables over ${largeRows} rows:`);
  for (const p of plans.filter((x) => x.largeSeqScans.length)) console.log(`  ${p.label}: ${p.largeSeqScans.join(', ')} (cost ${p.cost})`);
  console.log(`The ${top} costliest plans:`);
  for (const p of [...plans].sort((a, b) => b.cost - a.cost).slice(0, top)) console.log(`  ${String(p.cost).padStart(10)}  ${p.label}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  },
);
