import { pdfText } from '../../test/pdf-text';
import { ReceiptResponse } from './dto/receipt.response';
import { dollars, renderReceiptPdf } from './receipt-pdf';

const ZONE = 'America/Toronto';

const receipt = (): ReceiptResponse => ({
  kind: 'period',
  reference: 'R-5d0c1f2a-2026-03',
  issuedAt: new Date('2026-03-31T22:15:00Z'),
  periodFrom: '2026-03-01',
  periodTo: '2026-04-01',
  clinic: { name: 'Harbourview Couples Therapy', address: ['200 Bay Street, Suite 1200', 'Toronto, ON M5J 2J2'], hstNumber: '123456789 RT0001' },
  client: { id: '5d0c1f2a-0000-4000-8000-000000000001', name: 'Éloïse Martin' },
  therapists: [
    { id: '7a000000-0000-4000-8000-000000000001', name: 'Maya Singh', designation: 'RP', crpoNumber: '10234' },
    { id: '7a000000-0000-4000-8000-000000000002', name: 'Daniel Okafor', designation: 'RP', crpoNumber: '20871' },
  ],
  services: [
    {
      invoiceNumber: 41, serviceDate: '2026-03-04', durationMinutes: 80, description: 'Couple session, 80 minutes',
      clientNames: ['Éloïse Martin', 'Sam Martin'], therapistId: '7a000000-0000-4000-8000-000000000001',
      feeCents: 11_250, taxCents: 0, taxStatus: 'exempt', totalCents: 11_250, paidCents: 6_000,
    },
    {
      invoiceNumber: 57, serviceDate: '2026-03-19', durationMinutes: null, description: 'Report for an insurer',
      clientNames: ['Éloïse Martin'], therapistId: '7a000000-0000-4000-8000-000000000002',
      feeCents: 10_000, taxCents: 1_300, taxStatus: 'hst_13', totalCents: 11_300, paidCents: 123_456,
    },
  ],
  payments: [
    { paymentId: '9b000000-0000-4000-8000-000000000001', paidOn: '2026-03-05', method: 'e_transfer', invoiceNumber: 41, amountCents: 6_000 },
    { paymentId: '9b000000-0000-4000-8000-000000000002', paidOn: '2026-03-31', method: 'card_terminal', invoiceNumber: 57, amountCents: 123_456 },
  ],
  credits: [{ creditNoteNumber: 3, invoiceNumber: 41, issuedOn: '2026-03-20', amountCents: 1_500 }],
  totals: { feeCents: 21_250, taxCents: 1_300, creditedCents: 1_500, paidCents: 129_456 },
});

const textOf = pdfText;

describe('receipt PDF', () => {
  it('writes money as Canadian dollars', () => {
    expect(dollars(123_456)).toBe('$1,234.56');
    expect(dollars(5)).toBe('$0.05');
    expect(dollars(0)).toBe('$0.00');
  });

  it('carries every field an insurer asks for, read back from the PDF', async () => {
    const pdf = await renderReceiptPdf(receipt(), ZONE);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await textOf(pdf);
    const expected = [
      'Harbourview Couples Therapy',
      '200 Bay Street, Suite 1200',
      'Toronto, ON M5J 2J2',
      'HST registration: 123456789 RT0001',
      'Receipt: R-5d0c1f2a-2026-03',
      'Issued: 2026-03-31',
      'Period: 2026-03-01 to 2026-04-01',
      'Client: Éloïse Martin',
      'Maya Singh, RP (Registered Psychotherapist), CRPO registration no. 10234',
      'Daniel Okafor, RP (Registered Psychotherapist), CRPO registration no. 20871',
      '2026-03-04', '80 min', 'Couple session, 80 minutes', 'Éloïse Martin & Sam Martin', '41', '$112.50', 'HST exempt', '$60.00',
      '2026-03-19', 'Report for an insurer', '57', '$100.00', 'HST 13%', '$13.00',
      '2026-03-05', 'e-Transfer', '$60.00',
      '2026-03-31', 'Card (terminal)', '$1,234.56',
      '2026-03-20', '$15.00',
      'Fees: $212.50', 'Tax: $13.00', 'Credited: $15.00', 'Amount paid: $1,294.56',
    ];
    for (const field of expected) expect(text).toContain(field);
  });

  it('names the HST registration only when given, and credit notes only when there are some', async () => {
    const plain = { ...receipt(), clinic: { ...receipt().clinic, hstNumber: null }, credits: [], totals: { ...receipt().totals, creditedCents: 0 } };
    const text = await textOf(await renderReceiptPdf(plain, ZONE));
    expect(text).not.toContain('HST registration');
    expect(text).not.toContain('Credit notes');
    expect(text).not.toContain('Credited:');
  });

  it('writes names in the letters they are spelled with, beyond Western European ones', async () => {
    const names = ['Łukasz Wiśniewski', 'Nguyễn Thị Ánh', 'Ștefan Popescu', 'Çağla Yılmaz', 'Αλέξης Παπαδόπουλος', 'Олена Коваленко'];
    const spelled = receipt();
    spelled.client = { ...spelled.client, name: names[0] };
    spelled.services = names.map((name, i) => ({ ...spelled.services[0], invoiceNumber: 100 + i, clientNames: [name] }));
    spelled.therapists = [{ ...spelled.therapists[0], name: 'Zoë Ðorđević' }, spelled.therapists[1]];
    // After another receipt (Éloïse): a font shared between documents wrote the ı of Yılmaz as %.
    await renderReceiptPdf(receipt(), ZONE);
    const text = await textOf(await renderReceiptPdf(spelled, ZONE));
    for (const name of [...names, 'Zoë Ðorđević']) expect(text).toContain(name);
    expect(text).toContain(`Client: ${names[0]}`);
  });

  it('gives the same bytes for the same receipt, dated by its issue time', async () => {
    const [first, second] = await Promise.all([renderReceiptPdf(receipt(), ZONE), renderReceiptPdf(receipt(), ZONE)]);
    expect(first.equals(second)).toBe(true);
    expect(first.toString('latin1')).toContain('(D:20260331221500Z)');
    const later = await renderReceiptPdf({ ...receipt(), issuedAt: new Date('2026-04-02T12:00:00Z') }, ZONE);
    expect(later.equals(first)).toBe(false);
  });

  it('starts a new page when the services do not fit on one', async () => {
    const many = receipt();
    many.services = Array.from({ length: 60 }, (_, i) => ({ ...many.services[0], invoiceNumber: 1000 + i }));
    const text = await textOf(await renderReceiptPdf(many, ZONE));
    expect(text).toContain('1059');
    expect(text).toMatch(/-- 1 of [2-9] --/);
  });
});
