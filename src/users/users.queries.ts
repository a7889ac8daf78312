import { AccessScope } from '../common/access/access-scope';
import { Role } from '../common/auth/roles';
import { keyset, KeyedRow } from '../common/pagination/keyset';
import { queryModule } from '../database/query-module';
import { SAMPLE_ID, SAMPLE_SCOPE, SAMPLE_TIME, sampleCursor } from '../database/query-samples';
import { Row } from '../database/schema.generated';
import { SqlParams } from '../database/sql-params';
import { statement } from '../database/statement';
import { UpdateTherapistProfileDto } from './dto/update-user.dto';

/** Any constant works; API processes starting together take it so only one creates the first admin. */
const ADMIN_CREATION_LOCK = 7_413_002;

type Profile = Omit<Row<'therapist_profiles'>, 'user_id'>;

/** An account as the API shows it, with its therapist profile (all null without one). */
export type AccountRow = Pick<Row<'users'>, 'id' | 'email' | 'role' | 'display_name' | 'active' | 'created_at' | 'updated_at'> & {
  [K in keyof Profile]: Profile[K] | null;
};

/** An account's columns, and its profile's from the joined `therapist_profiles p`. */
const ACCOUNT_COLUMNS = `u.id, u.email, u.role, u.display_name, u.active, u.created_at, u.updated_at,
       p.credentials, p.crpo_number, p.languages, p.bio, p.takes_connection_calls`;
const ACCOUNTS = 'users u LEFT JOIN therapist_profiles p ON p.user_id = u.id';

/** Accounts by email, then id. */
export const ACCOUNT_ORDER = keyset({ column: 'u.email', type: 'text' }, { column: 'u.id', type: 'uuid' });

/** A `users` row `u` of an active therapist: who may hold a caseload, a couple or a session, or take calls. */
export const ACTIVE_THERAPIST = (u: string) => `${u}.role = 'therapist' AND ${u}.active`;

/** Whether the user `id` (an SQL expression) is an active therapist. */
export const isActiveTherapist = (id: string) => `EXISTS (SELECT 1 FROM users u WHERE u.id = ${id} AND ${ACTIVE_THERAPIST('u')})`;

/** What an admin may change of an account. */
export type AccountChanges = Partial<Pick<Row<'users'>, 'display_name' | 'active' | 'deactivated_at'>>;

const PROFILE_COLUMNS: Record<keyof UpdateTherapistProfileDto, keyof Profile> = {
  credentials: 'credentials',
  crpoNumber: 'crpo_number',
  languages: 'languages',
  bio: 'bio',
  takesConnectionCalls: 'takes_connection_calls',
};

export const usersQueries = queryModule(
  'users',
  {
    accounts(query: { role?: Role; cursor?: string; limit: number }) {
      const p = new SqlParams();
      const role = query.role ? `u.role = ${p.add(query.role)}` : 'TRUE';
      return statement<AccountRow & KeyedRow>(
        `SELECT ${ACCOUNT_COLUMNS}, ${ACCOUNT_ORDER.key}
           FROM ${ACCOUNTS}
          WHERE ${role} AND ${ACCOUNT_ORDER.after(query.cursor, p)}
          ORDER BY ${ACCOUNT_ORDER.orderBy} LIMIT ${ACCOUNT_ORDER.limit(query.limit)}`,
        p,
      );
    },
    account(id: string) {
      return statement<AccountRow>(`SELECT ${ACCOUNT_COLUMNS}
           FROM ${ACCOUNTS} WHERE u.id = $1`, [id]);
    },
    activeAccount(id: string) {
      return statement<AccountRow>(`SELECT ${ACCOUNT_COLUMNS}
           FROM ${ACCOUNTS} WHERE u.id = $1 AND u.active`, [id]);
    },
    /**
     * An active therapist's account, locked against deactivation until the transaction ends, so a
     * record handed to them (a client's caseload, a couple) is not handed to someone who just left.
     */
    lockActiveTherapist(id: string) {
      return statement<Pick<Row<'users'>, 'id'>>(`SELECT u.id FROM users u WHERE u.id = $1 AND ${ACTIVE_THERAPIST('u')} FOR SHARE`, [id]);
    },
    /** Signing in: the account of an email, with its password hash. */
    accountToSignIn(email: string) {
      return statement<AccountRow & Pick<Row<'users'>, 'password_hash'>>(
        `SELECT ${ACCOUNT_COLUMNS}, u.password_hash
           FROM ${ACCOUNTS} WHERE u.email = $1`,
        [email],
      );
    },
    emailTaken(email: string) {
      return statement<unknown>('SELECT 1 FROM users WHERE email = $1', [email]);
    },
    anyAdmin() {
      return statement<unknown>(`SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`);
    },
    /** Held to the end of the transaction: one first admin, however many processes start at once. */
    lockAdminCreation() {
      return statement(`SELECT pg_advisory_xact_lock($1)`, [ADMIN_CREATION_LOCK]);
    },
    /**
     * Whether the account is the portal account of a purged client. Admin-only; the scope keeps the
     * clients table behind the caller's reach.
     */
    purgedPortalAccount(scope: AccessScope, id: string) {
      const p = new SqlParams();
      return statement<{ purged: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM clients c WHERE c.portal_user_id = ${p.add(id)} AND c.purged_at IS NOT NULL AND ${scope.clients(p)}) AS purged`,
        p,
      );
    },
    /** A new account, without a therapist profile yet. */
    createAccount(account: Pick<Row<'users'>, 'email' | 'role' | 'display_name' | 'password_hash'>) {
      return statement<AccountRow>(
        `INSERT INTO users (email, role, display_name, password_hash) VALUES ($1, $2, $3, $4)
         RETURNING id, email, role, display_name, active, created_at, updated_at,
                   NULL AS credentials, NULL AS crpo_number, NULL AS languages, NULL AS bio, NULL AS takes_connection_calls`,
        [account.email, account.role, account.display_name, account.password_hash],
      );
    },
    createTherapistProfile(profile: Row<'therapist_profiles'>) {
      return statement(
        `INSERT INTO therapist_profiles (user_id, credentials, crpo_number, languages, bio, takes_connection_calls) VALUES ($1, $2, $3, $4, $5, $6)`,
        [profile.user_id, profile.credentials, profile.crpo_number, profile.languages, profile.bio, profile.takes_connection_calls],
      );
    },
    updateAccount(id: string, changes: AccountChanges) {
      const p = new SqlParams();
      const sets = Object.entries(changes)
        .filter(([, value]) => value !== undefined)
        .map(([column, value]) => `${column} = ${p.add(value)}`);
      return statement(`UPDATE users SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = ${p.add(id)}`, p);
    },
    updateTherapistProfile(userId: string, changes: UpdateTherapistProfileDto) {
      const p = new SqlParams();
      const sets = Object.entries(changes)
        .filter(([, value]) => value !== undefined)
        .map(([field, value]) => `${PROFILE_COLUMNS[field as keyof UpdateTherapistProfileDto]} = ${p.add(value)}`);
      return statement(`UPDATE therapist_profiles SET ${sets.join(', ')} WHERE user_id = ${p.add(userId)}`, p);
    },
  },
  {
    accounts: [[{ limit: 20 }], [{ role: 'therapist', cursor: sampleCursor('dana@clinic.example', SAMPLE_ID.therapist), limit: 20 }]],
    account: [[SAMPLE_ID.therapist]],
    activeAccount: [[SAMPLE_ID.therapist]],
    lockActiveTherapist: [[SAMPLE_ID.therapist]],
    accountToSignIn: [['dana@clinic.example']],
    emailTaken: [['dana@clinic.example']],
    anyAdmin: [[]],
    lockAdminCreation: [[]],
    purgedPortalAccount: [[SAMPLE_SCOPE.admin, SAMPLE_ID.clientUser]],
    createAccount: [[{ email: 'dana@clinic.example', role: 'therapist', display_name: 'Dana Morel', password_hash: '$argon2id$…' }]],
    createTherapistProfile: [
      [{ user_id: SAMPLE_ID.therapist, credentials: 'RP', crpo_number: '10234', languages: ['en', 'fr'], bio: '', takes_connection_calls: false }],
    ],
    updateAccount: [[SAMPLE_ID.therapist, { display_name: 'Dana Morel' }], [SAMPLE_ID.therapist, { active: false, deactivated_at: SAMPLE_TIME.from }]],
    updateTherapistProfile: [[SAMPLE_ID.therapist, { bio: 'Works with couples.', takesConnectionCalls: true }]],
  },
);
