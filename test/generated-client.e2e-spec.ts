import type { AddressInfo } from 'node:net';
import { DateTime } from 'luxon';
import { acceptInvitation, clinicClient, manageToken, signIn, unwrap } from '../examples/clinic-client';
import { emailsTo } from './account-mail';
import { createAdmin, PASSWORD, uniqueEmail } from './factories';
import { useApp } from './use-app';

const ZONE = 'America/Toronto';

/** The generated client (examples/) drives a whole story over real HTTP, as an admin tool or front-end would. */
describe('the generated client', () => {
  const t = useApp();
  let baseUrl: string;
  beforeAll(async () => {
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });

  it('runs a clinic story: staff, clients, a couple, a session, a connection call, and a repair to completion', async () => {
    // An admin creates a therapist who takes connection calls.
    const adminUser = await createAdmin(t);
    const { api: admin } = await signIn(baseUrl, adminUser.email, adminUser.password);
    const therapistEmail = uniqueEmail('therapist');
    const therapistUser = unwrap(
      await admin.POST('/api/v1/users', {
        body: {
          email: therapistEmail,
          role: 'therapist',
          displayName: 'Dana Morel',
          password: PASSWORD,
          therapistProfile: { credentials: 'RP', crpoNumber: '10234', languages: ['en', 'fr'], bio: 'Imago couples therapy.', takesConnectionCalls: true },
        },
      }),
    );
    expect(therapistUser.therapistProfile?.takesConnectionCalls).toBe(true);

    // The therapist sets a weekly availability and builds a caseload.
    const { api: therapist } = await signIn(baseUrl, therapistEmail, PASSWORD);
    const week = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
    unwrap(await therapist.PUT('/api/v1/therapists/{id}/availability', { params: { path: { id: therapistUser.id } }, body: { windows: week } }));
    const [alex, sam] = await Promise.all(
      [
        { legalName: 'Alexandra Tremblay', preferredName: 'Alex', dateOfBirth: '1988-04-17', email: uniqueEmail('alex') },
        { legalName: 'Samuel Ortiz', preferredName: 'Sam', dateOfBirth: '1986-09-02', email: uniqueEmail('sam') },
      ].map(async (body) => unwrap(await therapist.POST('/api/v1/clients', { body }))),
    );
    const couple = unwrap(await therapist.POST('/api/v1/couples', { body: { partnerAId: alex.id, partnerBId: sam.id } }));
    expect(couple.partners.map((p) => p.id).sort()).toEqual([alex.id, sam.id].sort());
    const day = DateTime.now().setZone(ZONE).startOf('day').plus({ days: 5 });
    const scheduled = unwrap(
      await therapist.POST('/api/v1/sessions', {
        body: {
          coupleId: couple.id,
          modality: 'online',
          videoUrl: 'https://video.clinic.example/room/4821',
          startsAt: day.set({ hour: 14 }).toISO({ suppressMilliseconds: true }) as string,
          endsAt: day.set({ hour: 15 }).toISO({ suppressMilliseconds: true }) as string,
        },
      }),
    );
    expect(scheduled.sessions).toHaveLength(1);
    expect(scheduled.sessions[0].status).toBe('scheduled');

    // A prospective client finds a slot, books a free connection call, and cancels it through the manage link.
    const anonymous = clinicClient(baseUrl);
    const from = DateTime.now().setZone(ZONE).startOf('day').plus({ days: 2 });
    const availability = unwrap(
      await anonymous.GET('/api/v1/connection-calls/availability', {
        params: { query: { from: from.toISO() as string, to: from.plus({ days: 1 }).toISO() as string, modality: 'video', therapistId: therapistUser.id } },
      }),
    );
    expect(availability.slots.length).toBeGreaterThan(0);
    const booked = unwrap(
      await anonymous.POST('/api/v1/connection-calls', {
        body: {
          name: 'Jordan Lee',
          email: uniqueEmail('booker'),
          modality: 'video',
          startsAt: availability.slots[0].startsAt,
          therapistId: therapistUser.id,
          consentToContact: true,
          inOntario: true,
        },
      }),
    );
    expect(booked.status).toBe('booked');
    const cancelled = unwrap(await anonymous.POST('/api/v1/connection-calls/manage/{token}/cancel', { params: { path: { token: manageToken(booked.manageUrl) } } }));
    expect(cancelled.status).toBe('cancelled');

    // Both partners join the portal through their invitations.
    const partners = [];
    for (const [client, name] of [[alex, 'Alex'], [sam, 'Sam']] as const) {
      unwrap(await therapist.POST('/api/v1/clients/{id}/invitation', { params: { path: { id: client.id } }, body: {} }));
      // The link arrives in the client's own mailbox (the outbox message), never in the answer.
      const [invitation] = (await emailsTo(t, client.email as string)).filter((m) => m.event === 'portal.invitation');
      partners.push((await acceptInvitation(baseUrl, invitation.payload.acceptUrl, 'our garden in the fall', name)).api);
    }
    const [alexApi, samApi] = partners;

    // A rupture goes through recognition, an attempt and both partners' confirmations to completed.
    const rupture = unwrap(
      await alexApi.POST('/api/v1/couples/{id}/ruptures', {
        params: { path: { id: couple.id } },
        body: {
          occurredAt: DateTime.now().setZone(ZONE).minus({ hours: 3 }).toISO({ suppressMilliseconds: true }) as string,
          description: 'I reached for their hand at breakfast and they kept scrolling.',
          severity: 'minor',
          kind: 'missed_bid',
          themes: ['morning routine'],
        },
      }),
    );
    expect(rupture.stage).toBe('reported');
    const recognized = unwrap(await samApi.POST('/api/v1/ruptures/{id}/recognition', { params: { path: { id: rupture.id } }, body: { statement: 'Something happened between us, and I want to understand it.' } }));
    expect(recognized.stage).toBe('recognized');
    const initiated = unwrap(await samApi.POST('/api/v1/ruptures/{id}/repair-attempts', { params: { path: { id: rupture.id } }, body: { approach: 'apology', notes: 'Sam apologised.' } }));
    expect(initiated.stage).toBe('initiated');
    const attemptId = initiated.attempts[0].id;
    for (const api of [alexApi, samApi]) {
      unwrap(await api.POST('/api/v1/ruptures/{id}/repair-attempts/{attemptId}/confirmations', { params: { path: { id: rupture.id, attemptId } }, body: { feelsRepaired: true } }));
    }
    const completed = unwrap(await therapist.GET('/api/v1/ruptures/{id}', { params: { path: { id: rupture.id } } }));
    expect(completed.stage).toBe('completed');
    expect(completed.attempts[0].status).toBe('completed');
    expect(completed.attempts[0].confirmations).toHaveLength(2);
  });
});
