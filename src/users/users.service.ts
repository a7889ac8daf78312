import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccessService } from '../common/access/access.service';
import { hashPassword } from '../common/auth/passwords';
import { UserActor } from '../common/auth/roles';
import { Page } from '../common/pagination/pagination';
import { recordPurged } from '../common/problem/constraint-problems';
import { NotFound, Unprocessable } from '../common/problem/problem';
import { affected, first, rows } from '../database/statement';
import { signInsQueries } from '../auth/sign-ins.queries';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserResponse } from './dto/user.response';
import { toUserResponse } from './users.mapper';
import { USER_PROBLEMS } from './users.problems';
import { AccountChanges, AccountRow, ACCOUNT_ORDER, usersQueries } from './users.queries';

/** Staff accounts, managed by admins. */
@Injectable()
export class UsersService {
  constructor(
    private readonly db: DataSource,
    private readonly access: AccessService,
  ) {}

  async list(_actor: UserActor, query: ListUsersQuery): Promise<Page<UserResponse>> {
    const accounts = await rows(this.db, usersQueries.accounts(query));
    return ACCOUNT_ORDER.page(accounts, query.limit, toUserResponse);
  }

  async get(_actor: UserActor, id: string): Promise<UserResponse> {
    return toUserResponse(await this.find(id));
  }

  async create(_actor: UserActor, dto: CreateUserDto): Promise<UserResponse> {
    if (dto.role !== 'therapist' && dto.therapistProfile) {
      throw new Unprocessable(USER_PROBLEMS['profile-not-allowed'], 'Only therapists have a therapist profile.');
    }
    const passwordHash = await hashPassword(dto.password);
    const id = await this.db.transaction(async (tx) => {
      const [user] = await rows(
        tx,
        usersQueries.createAccount({ email: dto.email.toLowerCase(), role: dto.role, display_name: dto.displayName, password_hash: passwordHash }),
      );
      if (dto.therapistProfile) {
        const p = dto.therapistProfile;
        await affected(
          tx,
          usersQueries.createTherapistProfile({
            user_id: user.id,
            credentials: p.credentials,
            crpo_number: p.crpoNumber ?? null,
            languages: p.languages ?? [],
            bio: p.bio ?? '',
            takes_connection_calls: p.takesConnectionCalls ?? false,
          }),
        );
      }
      return user.id;
    });
    return this.get(_actor, id);
  }

  async update(actor: UserActor, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    const user = await this.find(id);
    if (await this.isPurgedPortalAccount(actor, id)) throw recordPurged();
    if (dto.therapistProfile && user.role !== 'therapist') {
      throw new Unprocessable(USER_PROBLEMS['profile-not-allowed'], 'Only therapists have a therapist profile.');
    }
    if (dto.active === false && id === actor.id) {
      throw new Unprocessable(USER_PROBLEMS['self-deactivation'], 'An admin cannot deactivate their own account.');
    }
    await this.db.transaction(async (tx) => {
      const changes: AccountChanges = {};
      if (dto.displayName !== undefined) changes.display_name = dto.displayName;
      if (dto.active !== undefined && dto.active !== user.active) {
        changes.active = dto.active;
        changes.deactivated_at = dto.active ? null : new Date();
      }
      if (Object.keys(changes).length) await affected(tx, usersQueries.updateAccount(id, changes));
      if (!dto.active && dto.active !== undefined) {
        // Sign-ins end now: no refresh token of theirs works any more.
        await affected(tx, signInsQueries.endSignIns(id));
      }
      if (dto.therapistProfile && Object.keys(dto.therapistProfile).length) {
        await affected(tx, usersQueries.updateTherapistProfile(id, dto.therapistProfile));
      }
    });
    return this.get(actor, id);
  }

  /** The portal account of a purged client: erased with the record, and kept so. */
  private async isPurgedPortalAccount(actor: UserActor, id: string): Promise<boolean> {
    const row = await first(this.db, usersQueries.purgedPortalAccount(this.access.scope(actor), id));
    return row?.purged ?? false;
  }

  private async find(id: string): Promise<AccountRow> {
    const user = await first(this.db, usersQueries.account(id));
    if (!user) throw new NotFound('user');
    return user;
  }
}
