import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { streamRows } from '../database/read-only';
import { Statement } from '../database/statement';

/** One CSV column: its header and how to read it from a report row. */
export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => string | number | boolean | null;
}

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
 * Streams `select` as CSV, a batch of rows at a time through a server-side cursor (streamRows). The
 * first batch is read before this resolves, so a failing query is still an error answer rather than
 * a cut-off file. `settings`, when given, runs first inside the snapshot.
 */
export async function streamCsv<Raw, Row>(
  db: DataSource,
  select: Statement<Raw>,
  toRow: (raw: Raw) => Row,
  columns: CsvColumn<Row>[],
  settings?: Statement<unknown>,
): Promise<Readable> {
  const batches = await streamRows(db, select, settings);
  async function* lines(): AsyncGenerator<string> {
    yield csvLine(columns.map((c) => c.header));
    for await (const batch of batches) yield batch.map((raw) => csvLine(columns.map((c) => c.value(toRow(raw))))).join('');
  }
  return Readable.from(lines(), { objectMode: false });
}
