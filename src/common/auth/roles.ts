/** A person's one role. */
export const ROLES = ['admin', 'therapist', 'client'] as const;
export type Role = (typeof ROLES)[number];

/** What an integration key may do. */
export const SCOPES = ['bookings:write', 'reports:read'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who is calling: a signed-in person or an integration key. */
export type Actor =
  | { kind: 'user'; id: string; role: Role }
  | { kind: 'apiKey'; id: string; scopes: Scope[] };

export type UserActor = Extract<Actor, { kind: 'user' }>;
