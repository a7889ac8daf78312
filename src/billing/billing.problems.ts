import { declareProblems } from '../common/problem/problem-codes';

/** The problem codes of billing; docs/problems.md lists them, docs/billing.md explains them. */
export const BILLING_PROBLEMS = declareProblems('billing', {
  'session-not-billable': { status: 409, meaning: 'a session is scheduled, cancelled in time, or its late cancellation or no-show is not charged by the clinic\'s policy' },
  'session-already-billed': { status: 409, meaning: 'a session is already on an invoice that is not void' },
  'no-service-type': { status: 409, meaning: 'no active service type of the fee schedule fits a session (its kind, party and minutes)' },
  'no-price-in-force': { status: 409, meaning: 'the service type has no price in force on the service date' },
  'hst-number-missing': { status: 409, meaning: 'a taxed line needs the clinic\'s HST number (CLINIC_HST_NUMBER), which is not set' },
  'nothing-to-bill': { status: 409, meaning: 'the sessions and period given leave nothing to invoice' },
  'invoice-void': { status: 409, meaning: 'the invoice is void: it takes no payment, credit note or second void' },
  'invoice-paid': { status: 409, meaning: 'a payment is applied to the invoice, which therefore cannot be voided; issue a credit note' },
  'invoice-credited': { status: 409, meaning: 'the invoice has a credit note, which therefore cannot be voided; credit what remains instead' },
  'invoice-immutable': { status: 409, meaning: 'an issued invoice, its lines, credit notes and payments never change; corrections are credit notes' },
  'credit-exceeds-line': { status: 409, meaning: 'a credit note would take back more than what remains of an invoice line' },
  'unknown-invoice-line': { status: 422, meaning: 'a credit note names a line that is not on this invoice' },
  'unknown-service-type': { status: 422, meaning: 'a document charge names a service type that is not an active document type, a client out of reach, or someone who is not a therapist' },
  'unknown-payer': { status: 422, meaning: 'the payer is not a client within the caller\'s reach' },
  'service-type-code-taken': { status: 409, meaning: 'another service type has this code' },
  'price-date-taken': { status: 409, meaning: 'the service type already has a price from this date' },
});
