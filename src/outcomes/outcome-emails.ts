import type { OutboxEntry } from '../outbox/outbox.service';

/** The outbox event of a questionnaire waiting in the portal. */
export const OUTCOME_EVENTS = ['outcome.questionnaire_due'] as const;
export type OutcomeEvent = (typeof OUTCOME_EVENTS)[number];

export const isOutcomeEvent = (event: string): event is OutcomeEvent => (OUTCOME_EVENTS as readonly string[]).includes(event);

/**
 * Content-free by design: it names no instrument, couple, partner or answer, only that something
 * waits in the portal, so an email read by someone else discloses nothing about care.
 */
export const questionnaireDue = (to: string): OutboxEntry => ({ channel: 'email', event: 'outcome.questionnaire_due', payload: { to, recipient: 'person' } });

export function renderOutcomeEmail(_event: OutcomeEvent): { subject: string; body: string[] } {
  return {
    subject: 'A questionnaire is waiting in the portal',
    body: ['A questionnaire is waiting for you in the clinic’s client portal. Please sign in to the portal to answer it.'],
  };
}
