import { UserResponse } from './dto/user.response';
import { User } from './user.entity';

export function toUserResponse(user: User): UserResponse {
  const p = user.therapistProfile;
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    displayName: user.displayName,
    active: user.active,
    therapistProfile: p
      ? { credentials: p.credentials, crpoNumber: p.crpoNumber, languages: p.languages, bio: p.bio, takesConnectionCalls: p.takesConnectionCalls }
      : null,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}
