import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hashPassword } from '../common/auth/passwords';
import { UserActor } from '../common/auth/roles';
import { decodeCursor, Page, toPage } from '../common/pagination/pagination';
import { recordPurged } from '../common/problem/constraint-problems';
import { NotFound, Unprocessable } from '../common/problem/problem';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserResponse } from './dto/user.response';
import { TherapistProfile } from './therapist-profile.entity';
import { User } from './user.entity';
import { toUserResponse } from './users.mapper';

/** Staff accounts, managed by admins. */
@Injectable()
export class UsersService {
  constructor(private readonly db: DataSource) {}

  async list(_actor: UserActor, query: ListUsersQuery): Promise<Page<UserResponse>> {
    const qb = this.db
      .getRepository(User)
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.therapistProfile', 'p')
      .orderBy('u.email', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .take(query.limit + 1);
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.cursor) {
      const [email, id] = decodeCursor(query.cursor, 2);
      qb.andWhere('(u.email, u.id) > (:email, :id)', { email, id });
    }
    const rows = await qb.getMany();
    return toPage(rows, query.limit, (u) => [u.email, u.id], toUserResponse);
  }

  async get(_actor: UserActor, id: string): Promise<UserResponse> {
    return toUserResponse(await this.find(id));
  }

  async create(_actor: UserActor, dto: CreateUserDto): Promise<UserResponse> {
    if (dto.role !== 'therapist' && dto.therapistProfile) {
      throw new Unprocessable('profile-not-allowed', 'Only therapists have a therapist profile.');
    }
    const passwordHash = await hashPassword(dto.password);
    const id = await this.db.transaction(async (tx) => {
      const user = await tx.getRepository(User).save({
        email: dto.email.toLowerCase(),
        role: dto.role,
        displayName: dto.displayName,
        passwordHash,
      });
      if (dto.therapistProfile) {
        const p = dto.therapistProfile;
        await tx.getRepository(TherapistProfile).insert({
          userId: user.id,
          credentials: p.credentials,
          crpoNumber: p.crpoNumber ?? null,
          languages: p.languages ?? [],
          bio: p.bio ?? '',
          takesConnectionCalls: p.takesConnectionCalls ?? false,
        });
      }
      return user.id;
    });
    return this.get(_actor, id);
  }

  async update(actor: UserActor, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    const user = await this.find(id);
    if (await this.isPurgedPortalAccount(id)) throw recordPurged();
    if (dto.therapistProfile && user.role !== 'therapist') {
      throw new Unprocessable('profile-not-allowed', 'Only therapists have a therapist profile.');
    }
    if (dto.active === false && id === actor.id) {
      throw new Unprocessable('self-deactivation', 'An admin cannot deactivate their own account.');
    }
    await this.db.transaction(async (tx) => {
      const changes: Partial<User> = {};
      if (dto.displayName !== undefined) changes.displayName = dto.displayName;
      if (dto.active !== undefined && dto.active !== user.active) {
        changes.active = dto.active;
        changes.deactivatedAt = dto.active ? null : new Date();
      }
      if (Object.keys(changes).length) await tx.getRepository(User).update({ id }, changes);
      if (!dto.active && dto.active !== undefined) {
        // Sign-ins end now: no refresh token of theirs works any more.
        await tx.query('UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [id]);
      }
      if (dto.therapistProfile && Object.keys(dto.therapistProfile).length) {
        await tx.getRepository(TherapistProfile).update({ userId: id }, dto.therapistProfile);
      }
    });
    return this.get(actor, id);
  }

  /** The portal account of a purged client: erased with the record, and kept so. */
  private async isPurgedPortalAccount(id: string): Promise<boolean> {
    const [row]: { purged: boolean }[] = await this.db.query(
      'SELECT EXISTS (SELECT 1 FROM clients c WHERE c.portal_user_id = $1 AND c.purged_at IS NOT NULL) AS purged',
      [id],
    );
    return row.purged;
  }

  private async find(id: string): Promise<User> {
    const user = await this.db.getRepository(User).findOne({ where: { id }, relations: { therapistProfile: true } });
    if (!user) throw new NotFound('user');
    return user;
  }
}
