import { webhookData } from './webhook-payload';

describe('webhookData', () => {
  it('keeps ids, times and the modality, drops everything else', () => {
    expect(
      webhookData({
        connectionCallId: '7f6c1c1e-4f7e-4b4c-9a8e-2d7a9f0c1b2a',
        therapistId: '0b7c9f5e-2a1d-4e3f-8c6b-5a4d3c2b1a09',
        startsAt: '2026-03-10T14:00:00-04:00',
        cancelledAt: null,
        name: 'Jane Doe',
        email: 'jane@example.ca',
        emailId: 'jane@example.ca',
        message: 'We argue a lot',
        manageUrl: 'https://x/manage/cm_secret',
        modality: 'video',
        notesAt: 'yesterday',
        nested: { id: 'x' },
      }),
    ).toEqual({
      connectionCallId: '7f6c1c1e-4f7e-4b4c-9a8e-2d7a9f0c1b2a',
      therapistId: '0b7c9f5e-2a1d-4e3f-8c6b-5a4d3c2b1a09',
      startsAt: '2026-03-10T18:00:00.000Z',
      cancelledAt: null,
      modality: 'video',
    });
    expect(webhookData({ modality: 'Call me at 613-555-0100' })).toEqual({});
    expect(webhookData({ sessionId: 'a1', modality: 'online', location: '120 Elgin Street', videoUrl: 'https://video.example/room' })).toEqual({ sessionId: 'a1', modality: 'online' });
  });

  it('answers an empty object for anything that is not an object', () => {
    expect(webhookData(null)).toEqual({});
    expect(webhookData(['a'])).toEqual({});
    expect(webhookData('x')).toEqual({});
  });
});
