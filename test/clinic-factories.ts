import { randomUUID } from 'node:crypto';
import { TestApp } from './app';
import { createAdmin, createTherapist, createUser, loginAs, Session, TestUser } from './factories';

export interface TestClient {
  id: string;
  legalName: string;
  therapistId: string;
}

/** A client record straight in the database, on `therapist`'s caseload. */
export async function createClient(t: TestApp, therapist: { id: string }, overrides: Record<string, unknown> = {}): Promise<TestClient> {
  const legalName = (overrides.legal_name as string) ?? `Client ${randomUUID().slice(0, 8)}`;
  const columns = { legal_name: legalName, date_of_birth: '1985-06-15', primary_therapist_id: therapist.id, ...overrides };
  const names = Object.keys(columns);
  const [row]: { id: string }[] = await t.db.query(
    `INSERT INTO clients (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    Object.values(columns),
  );
  return { id: row.id, legalName, therapistId: therapist.id };
}

/** A portal account for a client record. */
export async function createPortalUser(t: TestApp, client: TestClient): Promise<TestUser> {
  const user = await createUser(t, 'client', { displayName: client.legalName });
  await t.db.query('UPDATE clients SET portal_user_id = $1 WHERE id = $2', [user.id, client.id]);
  return user;
}

export interface TestCouple {
  id: string;
  partners: [TestClient, TestClient];
  therapistId: string;
}

export async function createCouple(t: TestApp, therapist: { id: string }): Promise<TestCouple> {
  const a = await createClient(t, therapist);
  const b = await createClient(t, therapist);
  const [row]: { id: string }[] = await t.db.query(
    `INSERT INTO couples (partner_a_id, partner_b_id, therapist_id, started_on) VALUES ($1, $2, $3, current_date) RETURNING id`,
    [a.id, b.id, therapist.id],
  );
  return { id: row.id, partners: [a, b], therapistId: therapist.id };
}

/**
 * The cast of an access test: the owning therapist with a couple whose partners have portal
 * accounts, another therapist with a couple of their own, and an admin; each signed in.
 */
export interface World {
  owner: TestUser;
  couple: TestCouple;
  as: {
    owner: Session;
    otherTherapist: Session;
    partner: Session;
    otherPartner: Session;
    otherCouplePartner: Session;
    admin: Session;
  };
  otherCouple: TestCouple;
}

export async function createWorld(t: TestApp): Promise<World> {
  const owner = await createTherapist(t);
  const other = await createTherapist(t);
  const couple = await createCouple(t, owner);
  const otherCouple = await createCouple(t, other);
  const [partner, otherPartner, otherCouplePartner, admin] = await Promise.all([
    createPortalUser(t, couple.partners[0]),
    createPortalUser(t, couple.partners[1]),
    createPortalUser(t, otherCouple.partners[0]),
    createAdmin(t),
  ]);
  const sessions = await Promise.all([owner, other, partner, otherPartner, otherCouplePartner, admin].map((u) => loginAs(t, u)));
  const [ownerS, otherS, partnerS, otherPartnerS, otherCouplePartnerS, adminS] = sessions;
  return {
    owner,
    couple,
    otherCouple,
    as: { owner: ownerS, otherTherapist: otherS, partner: partnerS, otherPartner: otherPartnerS, otherCouplePartner: otherCouplePartnerS, admin: adminS },
  };
}

export type Actor = keyof World['as'] | 'anonymous';

/** Headers for an actor of the world; anonymous sends none. */
export function authOf(world: World, actor: Actor): Record<string, string> {
  return actor === 'anonymous' ? {} : world.as[actor].auth;
}

/** Ids of users who are not active therapists: a partner's portal account, an admin, a therapist who left, and no one at all. */
export async function notActiveTherapists(t: TestApp, w: World): Promise<string[]> {
  const admin = await createAdmin(t);
  const departed = await createTherapist(t);
  await t.db.query(`UPDATE users SET active = false WHERE id = $1`, [departed.id]);
  const [partner] = await t.db.query(`SELECT portal_user_id FROM clients WHERE id = $1`, [w.couple.partners[0].id]);
  return [partner.portal_user_id, admin.id, departed.id, randomUUID()];
}
