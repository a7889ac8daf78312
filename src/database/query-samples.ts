import { AccessScope } from '../common/access/access-scope';
import { Actor, UserActor } from '../common/auth/roles';

/**
 * Fixed arguments for rendering query modules' statements (see query-module.ts). Nothing here is
 * real data; the ids only have to be well-formed for EXPLAIN.
 */
export const SAMPLE_ID = {
  admin: '00000000-0000-4000-8000-000000000001',
  therapist: '00000000-0000-4000-8000-000000000002',
  clientUser: '00000000-0000-4000-8000-000000000003',
  client: '00000000-0000-4000-8000-000000000004',
  partner: '00000000-0000-4000-8000-000000000005',
  couple: '00000000-0000-4000-8000-000000000006',
  session: '00000000-0000-4000-8000-000000000007',
  rupture: '00000000-0000-4000-8000-000000000008',
  call: '00000000-0000-4000-8000-000000000009',
  apiKey: '00000000-0000-4000-8000-00000000000a',
  other: '00000000-0000-4000-8000-00000000000b',
} as const;

export const SAMPLE_ACTOR = {
  admin: { kind: 'user', id: SAMPLE_ID.admin, role: 'admin', sessionId: SAMPLE_ID.other } as UserActor,
  therapist: { kind: 'user', id: SAMPLE_ID.therapist, role: 'therapist', sessionId: SAMPLE_ID.other } as UserActor,
  client: { kind: 'user', id: SAMPLE_ID.clientUser, role: 'client', sessionId: SAMPLE_ID.other } as UserActor,
  apiKey: { kind: 'apiKey', id: SAMPLE_ID.apiKey, scopes: ['bookings:write', 'reports:read'] } as Actor,
};

export const SAMPLE_SCOPE = {
  admin: new AccessScope(SAMPLE_ACTOR.admin),
  therapist: new AccessScope(SAMPLE_ACTOR.therapist),
  client: new AccessScope(SAMPLE_ACTOR.client),
};

export const SAMPLE_TIME = {
  from: new Date('2026-03-01T14:00:00.000Z'),
  to: new Date('2026-04-01T14:00:00.000Z'),
};

/** A cursor as a keyset list issues it, for the second page of a list ordered by (text, uuid). */
export const sampleCursor = (...key: string[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
