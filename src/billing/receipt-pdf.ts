import { readFileSync } from 'node:fs';
import { inZone } from '../common/time/in-zone';
import { ReceiptResponse } from './dto/receipt.response';
import { TaxTreatment } from './fee-schedule.entities';
import { PaymentMethod } from './payment.entities';

const CAD = new Intl.NumberFormat('en-CA', { style: 'currency', currency: 'CAD' });

/** Cents as the receipt writes them: $1,234.50. */
export const dollars = (cents: number): string => CAD.format(cents / 100);

export const TAX_STATUS_TEXT: Record<TaxTreatment, string> = { exempt: 'HST exempt', hst_13: 'HST 13%' };

export const METHOD_TEXT: Record<PaymentMethod, string> = {
  cash: 'Cash',
  e_transfer: 'e-Transfer',
  card_terminal: 'Card (terminal)',
  insurer_direct: 'Insurer direct billing',
};

/**
 * DejaVu Sans Condensed (about as wide as Helvetica, so the tables keep their lines), embedded with
 * only the glyphs a receipt uses. It writes Latin with every European and Vietnamese letter (Łukasz,
 * Ștefan, Yılmaz, Nguyễn), Greek and Cyrillic; pdfkit's built-in Helvetica wrote Western European
 * letters only, and garbled the rest of a line that had others. Scripts it lacks (Chinese, Japanese,
 * Korean, the Indic scripts) come out as empty boxes: docs/billing.md.
 */
const FONT_FILES = { regular: 'dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf', bold: 'dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf' } as const;
type FontName = keyof typeof FONT_FILES;
let fonts: Record<FontName, Buffer> | undefined;
/** The font files, read with the first receipt and kept. */
const fontFiles = (): Record<FontName, Buffer> =>
  (fonts ??= { regular: readFileSync(require.resolve(FONT_FILES.regular)), bold: readFileSync(require.resolve(FONT_FILES.bold)) });

const MARGIN = 54;
const PAGE_WIDTH = 612; // US Letter, the paper Canadian insurers' forms use
const WIDTH = PAGE_WIDTH - 2 * MARGIN;

interface Column<Row> {
  header: string;
  width: number;
  align?: 'left' | 'right';
  value: (row: Row) => string;
}

/**
 * The receipt as a PDF. Everything on it comes from `receipt`, and the document's dates are the
 * receipt's issue time, so the same receipt always gives the same bytes.
 */
export async function renderReceiptPdf(receipt: ReceiptResponse, zone: string): Promise<Buffer> {
  // pdfkit and its fonts take about a tenth of a second to load, which every start paid while only
  // receipts use them: loaded with the first receipt instead (docs/performance.md, start-up).
  const { default: PDFDocument } = await import('pdfkit');
  const issued = receipt.issuedAt;
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: MARGIN,
    info: {
      Title: `Receipt ${receipt.reference}`,
      Author: receipt.clinic.name,
      Subject: 'Receipt for an insurance claim',
      Producer: receipt.clinic.name,
      Creator: receipt.clinic.name,
      CreationDate: issued,
      ModDate: issued,
    },
  });
  for (const [name, file] of Object.entries(fontFiles())) doc.registerFont(name, file);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('bold').fontSize(16).text(receipt.clinic.name);
  doc.font('regular').fontSize(10);
  for (const line of receipt.clinic.address) doc.text(line);
  if (receipt.clinic.hstNumber) doc.text(`HST registration: ${receipt.clinic.hstNumber}`);
  doc.moveDown();

  doc.font('bold').fontSize(14).text('Receipt for insurance claim');
  doc.font('regular').fontSize(10);
  doc.text(`Receipt: ${receipt.reference}`);
  doc.text(`Issued: ${inZone(issued, zone).slice(0, 10)}`);
  if (receipt.periodFrom && receipt.periodTo) doc.text(`Period: ${receipt.periodFrom} to ${receipt.periodTo} (exclusive)`);
  doc.text(`Client: ${receipt.client.name}`);
  doc.moveDown();

  doc.font('bold').text('Provided by');
  doc.font('regular');
  for (const t of receipt.therapists) doc.text(`${t.name}, ${t.designation} (Registered Psychotherapist), CRPO registration no. ${t.crpoNumber}`);
  doc.moveDown();

  const therapistName = new Map(receipt.therapists.map((t) => [t.id, t.name]));
  table(doc, 'Services', receipt.services, [
    { header: 'Date', width: 56, value: (s) => s.serviceDate },
    { header: 'Duration', width: 42, value: (s) => (s.durationMinutes === null ? '' : `${s.durationMinutes} min`) },
    { header: 'Service', width: 132, value: (s) => `${s.description}\nClient: ${s.clientNames.join(' & ')}` },
    { header: 'Therapist', width: 74, value: (s) => therapistName.get(s.therapistId) ?? '' },
    { header: 'Invoice', width: 40, value: (s) => String(s.invoiceNumber) },
    { header: 'Fee', width: 50, align: 'right', value: (s) => dollars(s.feeCents) },
    { header: 'Tax', width: 54, align: 'right', value: (s) => `${TAX_STATUS_TEXT[s.taxStatus]}\n${dollars(s.taxCents)}` },
    { header: 'Paid', width: 56, align: 'right', value: (s) => dollars(s.paidCents) },
  ]);
  table(doc, 'Payments', receipt.payments, [
    { header: 'Paid on', width: 80, value: (p) => p.paidOn },
    { header: 'Method', width: 140, value: (p) => METHOD_TEXT[p.method] },
    { header: 'Invoice', width: 100, value: (p) => String(p.invoiceNumber) },
    { header: 'Amount paid', width: 100, align: 'right', value: (p) => dollars(p.amountCents) },
  ]);
  if (receipt.credits.length) {
    table(doc, 'Credit notes', receipt.credits, [
      { header: 'Issued on', width: 80, value: (c) => c.issuedOn },
      { header: 'Credit note', width: 140, value: (c) => String(c.creditNoteNumber) },
      { header: 'Invoice', width: 100, value: (c) => String(c.invoiceNumber) },
      { header: 'Amount credited', width: 100, align: 'right', value: (c) => dollars(c.amountCents) },
    ]);
  }

  const { totals } = receipt;
  doc.font('bold').text('Totals', MARGIN);
  doc.font('regular');
  doc.text(`Fees: ${dollars(totals.feeCents)}`);
  doc.text(`Tax: ${dollars(totals.taxCents)}`);
  if (totals.creditedCents) doc.text(`Credited: ${dollars(totals.creditedCents)}`);
  doc.font('bold').text(`Amount paid: ${dollars(totals.paidCents)}`);
  doc.font('regular').moveDown();
  doc.fontSize(8).text(
    'Psychotherapy provided by a Registered Psychotherapist (CRPO) is exempt from GST/HST (Excise Tax Act, Schedule V, Part II).',
    { width: WIDTH },
  );
  doc.end();
  return done;
}

/** A titled table: a header row, then one row per item, each as tall as its tallest cell. */
function table<Row>(doc: PDFKit.PDFDocument, title: string, items: Row[], columns: Column<Row>[]): void {
  doc.font('bold').fontSize(10).text(title, MARGIN);
  const row = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(8);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: columns[i].width - 4 })));
    if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      doc.text(cell, x, top, { width: columns[i].width - 4, align: columns[i].align ?? 'left' });
      x += columns[i].width;
    });
    doc.x = MARGIN;
    doc.y = top + height + 3;
  };
  row(columns.map((c) => c.header), true);
  for (const item of items) row(columns.map((c) => c.value(item)), false);
  doc.fontSize(10).moveDown();
}
