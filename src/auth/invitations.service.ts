import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../config/environment';
import { DataSource, EntityManager } from 'typeorm';
import { accountMessage } from '../outbox/account-emails';
import { maskEmail } from '../outbox/email-templates';
import { Outbox } from '../outbox/outbox.service';
import { affected, first, rows } from '../database/statement';
import { hashPassword } from '../common/auth/passwords';
import { UserActor } from '../common/auth/roles';
import { hashToken, newSecretToken } from '../common/auth/secret-token';
import { Conflict, Gone } from '../common/problem/problem';
import { normaliseEmail } from '../users/email';
import { usersQueries } from '../users/users.queries';
import { ACCOUNT_PROBLEMS } from './auth.problems';
import { AuthService } from './auth.service';
import { AcceptInvitationDto, InvitationRequest } from './dto/accept-invitation.dto';
import { InvitationResponse } from './dto/invitation.response';
import { TokenResponse } from './dto/token.response';
import { invitationsQueries } from './invitations.queries';

/** Client portal invitations: a single-use, expiring link that lets a client set a password. */
@Injectable()
export class InvitationsService {
  constructor(
    private readonly db: DataSource,
    private readonly auth: AuthService,
    private readonly config: ConfigService<AppConfig, true>,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Invites a client to the portal, inside the caller's transaction. The caller (the clients
   * module) has already checked that the actor may reach the client and read the record's email:
   * the link goes there through the outbox, and the caller only learns that it was sent.
   * An earlier unused invitation for the client stops working.
   */
  async invite(tx: EntityManager, actor: UserActor, { clientId, email }: InvitationRequest): Promise<InvitationResponse> {
    const token = newSecretToken('iv_');
    const days = this.config.get('INVITATION_TTL_DAYS', { infer: true });
    await this.endUnused(tx, clientId);
    const [invitation] = await rows(
      tx,
      invitationsQueries.create({
        client_id: clientId,
        email: normaliseEmail(email),
        token_hash: hashToken(token),
        expires_at: new Date(Date.now() + days * 86_400_000),
        created_by: actor.id,
      }),
    );
    const base = this.config.get('PUBLIC_BASE_URL', { infer: true }).replace(/\/+$/, '');
    // In the fragment, so the token never reaches a server log or a Referer header.
    const acceptUrl = `${base}/portal/accept-invitation#token=${token}`;
    await this.outbox.enqueue(tx, [accountMessage.invitation(invitation.email, acceptUrl, invitation.expires_at)]);
    return { id: invitation.id, sentTo: maskEmail(invitation.email), expiresAt: invitation.expires_at };
  }

  /**
   * The client record's email changed (inside the caller's transaction): the old address is told,
   * and an unused invitation to it stops working.
   */
  async emailChanged(tx: EntityManager, clientId: string, previous: string | null): Promise<void> {
    await this.endUnused(tx, clientId);
    if (previous) await this.outbox.enqueue(tx, [accountMessage.emailChanged(previous)]);
  }

  private async endUnused(tx: EntityManager, clientId: string): Promise<void> {
    await affected(tx, invitationsQueries.endUnused(clientId));
  }

  /**
   * Creates the client's portal account and signs them in. The invitation row is locked first,
   * so of two concurrent accepts exactly one succeeds and the other sees it used.
   */
  async accept(dto: AcceptInvitationDto): Promise<TokenResponse> {
    // Hashed before the transaction, so the row lock is held for milliseconds, not for argon2.
    const passwordHash = await hashPassword(dto.password);
    return this.db.transaction(async (tx) => {
      const invitation = await first(tx, invitationsQueries.byToken(hashToken(dto.token)));
      if (!invitation) throw new Gone(ACCOUNT_PROBLEMS['invitation-invalid'], 'This invitation link is not valid; ask your therapist for a new one.');
      if (invitation.accepted) throw new Gone(ACCOUNT_PROBLEMS['invitation-used'], 'This invitation has already been used; sign in instead.');
      if (invitation.expired) throw new Gone(ACCOUNT_PROBLEMS['invitation-expired'], 'This invitation has expired; ask your therapist for a new one.');
      if (await first(tx, usersQueries.emailTaken(invitation.email))) {
        throw new Conflict(ACCOUNT_PROBLEMS['email-taken'], 'An account with this email already exists; sign in instead.');
      }

      const [user] = await rows(
        tx,
        usersQueries.createAccount({ email: invitation.email, role: 'client', display_name: dto.displayName, password_hash: passwordHash }),
      );
      await affected(tx, invitationsQueries.accepted(invitation.id, user.id));
      const linked = await rows(tx, invitationsQueries.linkPortalAccount(user.id, invitation.client_id));
      if (!linked.length) throw new Conflict(ACCOUNT_PROBLEMS['portal-account-exists'], 'This client already has a portal account; sign in instead.');
      await this.outbox.enqueue(tx, [accountMessage.accountCreated(invitation.email)]);
      return this.auth.issueTokens(tx, user, randomUUID());
    });
  }
}
