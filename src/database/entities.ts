import { ApiKey } from '../api-keys/api-key.entity';
import { Invitation } from '../auth/invitation.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { TherapistProfile } from '../users/therapist-profile.entity';
import { User } from '../users/user.entity';

/** Every TypeORM entity of the app: the schema that migrations must match. */
export const ENTITIES: Function[] = [User, TherapistProfile, RefreshToken, Invitation, ApiKey];
