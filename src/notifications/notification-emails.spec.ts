import { renderEmail } from '../outbox/email-templates';
import { PermanentDeliveryError } from '../outbox/retry-policy';
import { howToReachClinic } from './notification-emails';

const clinic = { timeZone: 'America/Toronto', name: 'Riverside Couples Clinic', phone: '+1 613 555 0100' };
const reminder = {
  to: 'robin@example.ca',
  name: 'Robin',
  sessionId: '00000000-0000-4000-8000-000000000007',
  therapistName: 'Alex Morgan, RP',
  startsAt: '2031-07-08T14:00:00.000-04:00',
  endsAt: '2031-07-08T15:00:00.000-04:00',
  modality: 'in_person',
  location: '120 Elgin Street, Ottawa',
  couple: false,
};

describe('notification emails', () => {
  it('words a session reminder in the clinic’s zone, in summer time, with the place and the way to change it', () => {
    const email = renderEmail('session.reminder', reminder, clinic);
    expect(email.subject).toBe('Reminder: your session with Alex Morgan, RP on Tuesday, July 8 at 2:00 PM');
    expect(email.text).toContain('When: Tuesday, July 8, 2031, 2:00 PM to 3:00 PM EDT');
    expect(email.text).toContain('In person, at 120 Elgin Street, Ottawa');
    expect(email.text).toContain('To change or cancel it, call +1 613 555 0100.');
    expect(email.text).not.toContain('partner');
    expect(email.attachments?.[0].content).toContain('DTSTART:20310708T180000Z');
  });

  it('gives up a reminder that has no place or no time, and a notice of no known kind', () => {
    expect(() => renderEmail('session.reminder', { ...reminder, location: undefined }, clinic)).toThrow(PermanentDeliveryError);
    expect(() => renderEmail('session.reminder', { ...reminder, startsAt: 'soon' }, clinic)).toThrow(PermanentDeliveryError);
    expect(() => renderEmail('repair.notice', { to: 'robin@example.ca', kind: 'rupture_details' }, clinic)).toThrow(PermanentDeliveryError);
  });

  it('points to the clinic or the therapist when the clinic gave no phone or email', () => {
    expect(howToReachClinic({ timeZone: 'UTC', name: 'The clinic' })).toBe('To change or cancel it, contact the clinic or your therapist.');
    expect(howToReachClinic({ ...clinic, email: 'desk@example.ca' })).toBe('To change or cancel it, call +1 613 555 0100 or write to desk@example.ca.');
  });
});
