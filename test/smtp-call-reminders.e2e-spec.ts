import request from 'supertest';
import { API, at, book, bookingBody, createBookableTherapist, dayAhead, tokenOf } from './booking-factories';
import { deliverDue, pendingAbout, useSmtpInbox } from './smtp-mail';
import { useApp } from './use-app';

const MESSAGE = 'We keep having the same argument about chores.';

describe('connection-call reminders, delivered over SMTP', () => {
  const { inbox } = useSmtpInbox();
  const t = useApp();

  const reminders = (callId: string) =>
    t.db.query(
      `SELECT payload, available_at, not_after, withdrawn_at, last_error FROM outbox_messages WHERE subject_id = $1 AND event = 'connection_call.reminder' ORDER BY created_at, id`,
      [callId],
    ) as Promise<{ payload: Record<string, string>; available_at: Date; not_after: Date; withdrawn_at: Date | null; last_error: string | null }[]>;
  const manageLink = (text: string) => /https?:\/\/\S+\/connection-calls\/manage\/mt_[A-Za-z0-9_-]{43}/.exec(text)?.[0];

  it('reminds the person who booked a day before, with a manage link that opens the booking, then forgets the link', async () => {
    const therapist = await createBookableTherapist(t);
    const startsAt = at(dayAhead(10), '09:00');
    const body = bookingBody({ startsAt, therapistId: therapist.id });
    const booked = await book(t, body).expect(201);
    const [planned] = await reminders(booked.body.id);
    expect(planned.available_at.getTime()).toBe(Date.parse(startsAt) - 24 * 3_600_000);
    expect(planned.not_after.getTime()).toBe(Date.parse(startsAt));

    await deliverDue(t, [booked.body.id]);
    const [mail] = inbox().to(body.email as string);
    expect(mail.subject).toBe('Reminder: your connection call');
    expect(mail.text).toContain(`Hello Sam Rivera,`);
    expect(mail.text).not.toContain(MESSAGE);
    const link = manageLink(mail.text);
    expect(link).toBe(booked.body.manageUrl);
    const opened = await request(t.http).get(new URL(link as string).pathname).expect(200);
    expect(opened.body).toMatchObject({ startsAt, status: 'booked' });
    expect((await reminders(booked.body.id))[0].payload.manageUrl).toBeUndefined();
  });

  it('re-plans the reminder when the booking is moved with its link, and withdraws it when cancelled', async () => {
    const therapist = await createBookableTherapist(t);
    const day = dayAhead(12);
    const body = bookingBody({ startsAt: at(day, '09:00'), therapistId: therapist.id });
    const booked = await book(t, body).expect(201);
    const manage = `${API}/connection-calls/manage/${tokenOf(booked.body.manageUrl)}`;
    await request(t.http).post(`${manage}/reschedule`).send({ startsAt: at(day, '09:40') }).expect(200);

    const [first, second] = await reminders(booked.body.id);
    expect(first.withdrawn_at).not.toBeNull();
    expect(first.last_error).toBe('withdrawn: connection_call.rescheduled');
    expect(first.payload.manageUrl).toBeUndefined();
    expect(second).toMatchObject({ withdrawn_at: null, payload: expect.objectContaining({ manageUrl: booked.body.manageUrl }) });
    expect(second.not_after.getTime()).toBe(Date.parse(at(day, '09:40')));

    await request(t.http).post(`${manage}/cancel`).expect(200);
    expect(await pendingAbout(t, [booked.body.id])).toEqual([]);
    expect((await reminders(booked.body.id))[1].last_error).toBe('withdrawn: connection_call.cancelled');
  });

  it('gives the pending reminder the new link when a replayed booking replaces it', async () => {
    const therapist = await createBookableTherapist(t);
    const body = bookingBody({ startsAt: at(dayAhead(14), '09:00'), therapistId: therapist.id });
    const key = { 'Idempotency-Key': `call-${body.email as string}` };
    const first = await book(t, body, key).expect(201);
    const replay = await book(t, body, key).expect(201);
    expect(replay.body.manageUrl).not.toBe(first.body.manageUrl);

    await deliverDue(t, [first.body.id]);
    const link = manageLink(inbox().to(body.email as string)[0].text);
    expect(link).toBe(replay.body.manageUrl);
    await request(t.http).get(new URL(link as string).pathname).expect(200);
    await request(t.http).get(new URL(first.body.manageUrl).pathname).expect(404);
  });
});
