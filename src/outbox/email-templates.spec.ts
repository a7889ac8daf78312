import { maskEmail, renderEmail } from './email-templates';
import { PermanentDeliveryError } from './retry-policy';

const person = {
  to: 'jane.doe@example.ca',
  name: 'Jane',
  startsAt: '2026-03-10T18:00:00.000Z',
  modality: 'video',
  therapistName: 'Alex Morgan, RP',
  manageUrl: 'https://clinic.example/manage/cm_secret',
};

describe('renderEmail', () => {
  it('confirms a booking to the person, in the clinic zone, with the manage link', () => {
    const email = renderEmail('connection_call.booked', person, { timeZone: 'America/Toronto', name: 'The clinic' });
    expect(email.to).toBe('jane.doe@example.ca');
    expect(email.subject).toBe('Your connection call is booked');
    expect(email.text).toContain('Hello Jane,');
    expect(email.text).toContain('with Alex Morgan, RP is booked for Tuesday, March 10, 2026 at 2:00 PM EDT, by video.');
    expect(email.text).toContain('https://clinic.example/manage/cm_secret');
  });

  it('tells the person, not the therapist, when the email holds other upcoming calls', () => {
    expect(renderEmail('connection_call.booked', person, { timeZone: 'UTC', name: 'The clinic' }).text).not.toContain('upcoming');
    const second = renderEmail('connection_call.booked', { ...person, upcomingCalls: 2 }, { timeZone: 'UTC', name: 'The clinic' });
    expect(second.text).toContain('This email now has 2 upcoming connection calls with the clinic. If you did not book one of them, cancel it');
    const notice = renderEmail('connection_call.booked', { ...person, recipient: 'therapist', upcomingCalls: 2 }, { timeZone: 'UTC', name: 'The clinic' });
    expect(notice.text).not.toContain('upcoming');
  });

  it('sends the therapist a notice without the manage link', () => {
    const email = renderEmail('connection_call.booked', { ...person, recipient: 'therapist', name: 'Alex', personName: 'Jane' }, { timeZone: 'America/Toronto', name: 'The clinic' });
    expect(email.subject).toBe('New connection call booked');
    expect(email.text).toContain('with Jane is booked for');
    expect(email.text).not.toContain('cm_secret');
  });

  it('renders cancellations and reschedules; a subject in the payload wins', () => {
    expect(renderEmail('connection_call.cancelled', person, { timeZone: 'America/Toronto', name: 'The clinic' }).text).toContain('is cancelled');
    const moved = renderEmail('connection_call.rescheduled', { ...person, previousStartsAt: '2026-03-09T18:00:00Z', subject: 'New time' }, { timeZone: 'America/Toronto', name: 'The clinic' });
    expect(moved.subject).toBe('New time');
    expect(moved.text).toContain('first set for Monday, March 9, 2026 at 2:00 PM EDT, is now on Tuesday');
  });

  it('refuses a payload without a recipient or a time, and unknown events, as permanent failures', () => {
    expect(() => renderEmail('connection_call.booked', { ...person, to: undefined }, { timeZone: 'UTC', name: 'The clinic' })).toThrow(PermanentDeliveryError);
    expect(() => renderEmail('connection_call.booked', { ...person, startsAt: 'soon' }, { timeZone: 'UTC', name: 'The clinic' })).toThrow(PermanentDeliveryError);
    expect(() => renderEmail('user.created', person, { timeZone: 'UTC', name: 'The clinic' })).toThrow(PermanentDeliveryError);
  });
});

describe('maskEmail', () => {
  it('keeps the first letter and the domain only', () => {
    expect(maskEmail('jane.doe@example.ca')).toBe('j***@example.ca');
    expect(maskEmail('nope')).toBe('***');
    expect(maskEmail(undefined)).toBe('***');
  });
});
