import { ApiKey } from '../api-keys/api-key.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { Invitation } from '../auth/invitation.entity';
import { RefreshToken } from '../auth/refresh-token.entity';
import { Client } from '../clients/client.entity';
import { Consent } from '../consents/consent.entity';
import { Couple } from '../couples/couple.entity';
import { AvailabilityWindow } from '../therapists/availability-window.entity';
import { TherapistProfile } from '../users/therapist-profile.entity';
import { User } from '../users/user.entity';

/** Every TypeORM entity of the app: the schema that migrations must match. */
export const ENTITIES: Function[] = [
  User,
  TherapistProfile,
  RefreshToken,
  Invitation,
  ApiKey,
  Client,
  Couple,
  Consent,
  AuditEvent,
  AvailabilityWindow,
];
