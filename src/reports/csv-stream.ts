import { Readable } from 'node:stream';
import { DataSource, QueryRunner } from 'typeorm';
import { Statement } from '../database/statement';

/** One CSV column: its header and how to read it from a report row. */
export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null;
}

/** Rows fetched per round trip while streaming: small enough to keep memory flat. */
const BATCH = 500;

/**
 * RFC 4180 quoting. Text that a spreadsheet would run as a formula (= + - @ at the start) gets a
 * leading apostrophe, so an exported name can never become a formula.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value !== 'string') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (fields: (string | number | boolean | null)[]) => `${fields.map(csvField).join(',')}\r\n`;

/** Rows already in memory (a handful: one per period) as the same CSV. */
export function csvOf<Row>(rows: Row[], columns: CsvColumn<Row>[]): Readable {
  return Readable.from([csvLine(columns.map((c) => c.header)), ...rows.map((row) => csvLine(columns.map((c) => c.value(row))))], { objectMode: false });
}

/**
 * Runs `select` through a server-side cursor and streams it as CSV, a batch at a time.
 * (TypeORM's `QueryRunner.stream()` needs pg-query-stream, which this project does not ship;
 * DECLARE/FETCH is the same batching in plain SQL.) The first batch is fetched before this
 * resolves, so a failing query is still an error answer rather than a cut-off file. `settings`, when
 * given, is run first inside the transaction (e.g. `set_config(…, true)`: local to it).
 */
export async function streamCsv<Raw, Row>(
  db: DataSource,
  select: Statement<Raw>,
  toRow: (raw: Raw) => Row,
  columns: CsvColumn<Row>[],
  settings?: Statement<unknown>,
): Promise<Readable> {
  const runner = db.createQueryRunner();
  let first: Raw[];
  try {
    await runner.connect();
    await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    if (settings) await runner.query(settings.text, settings.values as unknown[]);
    await runner.query(`DECLARE report_rows NO SCROLL CURSOR FOR ${select.text}`, select.values as unknown[]);
    first = await runner.query(`FETCH ${BATCH} FROM report_rows`);
  } catch (error) {
    await close(runner, false);
    throw error;
  }
  async function* lines(): AsyncGenerator<string> {
    let done = false;
    try {
      yield csvLine(columns.map((c) => c.header));
      for (let batch = first; batch.length; batch = await runner.query(`FETCH ${BATCH} FROM report_rows`)) {
        yield batch.map((raw) => csvLine(columns.map((c) => c.value(toRow(raw))))).join('');
        if (batch.length < BATCH) break;
      }
      done = true;
    } finally {
      await close(runner, done);
    }
  }
  return Readable.from(lines(), { objectMode: false });
}

async function close(runner: QueryRunner, commit: boolean): Promise<void> {
  try {
    if (!runner.isReleased) await runner.query(commit ? 'COMMIT' : 'ROLLBACK');
  } catch {
    // The connection is released below either way; a failed ROLLBACK leaves nothing behind.
  } finally {
    if (!runner.isReleased) await runner.release();
  }
}
