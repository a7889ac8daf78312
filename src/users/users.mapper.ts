import { UserResponse } from './dto/user.response';
import { AccountRow } from './users.queries';

export function toUserResponse(row: AccountRow): UserResponse {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    displayName: row.display_name,
    active: row.active,
    // A profile's credentials are never null: without them, the account has no profile.
    therapistProfile:
      row.credentials !== null
        ? {
            credentials: row.credentials,
            crpoNumber: row.crpo_number,
            languages: row.languages ?? [],
            bio: row.bio ?? '',
            takesConnectionCalls: row.takes_connection_calls ?? false,
          }
        : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
