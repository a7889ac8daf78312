/** A person's one role. */
export const ROLES = ['admin', 'therapist', 'client'] as const;
export type Role = (typeof ROLES)[number];

/** What an integration key may do. */
export const SCOPES = ['bookings:write', 'reports:read'] as const;
export type Scope = (typeof SCOPES)[number];

/** Where a request came from: recorded with every audit event. */
export interface RequestOrigin {
  requestId?: string;
  sourceAddress?: string;
}

/** Who is calling: a signed-in person or an integration key. */
export type Actor =
  | ({ kind: 'user'; id: string; role: Role; /** The sign-in (refresh-token family) the access token belongs to. */ sessionId?: string } & RequestOrigin)
  | ({ kind: 'apiKey'; id: string; scopes: Scope[] } & RequestOrigin);

export type UserActor = Extract<Actor, { kind: 'user' }>;
