import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { rows } from '../../database/statement';
import { Actor } from '../auth/roles';
import { accessQueries } from './access.queries';
import { AccessScope } from './access-scope';

/**
 * The one place that says who may touch which record. `scope(actor)` gives the caller's
 * AccessScope, whose SQL predicates every query module puts in its WHERE clause (see
 * access-scope.ts for the table of rules); `reachable*` answers "which of these ids may this actor
 * touch?" in one query. Statements that need no scope name their exemption (exemptions.ts).
 */
@Injectable()
export class AccessService {
  constructor(private readonly db: DataSource) {}

  scope(actor: Actor): AccessScope {
    return new AccessScope(actor);
  }

  /** Which of `ids` are clients the actor may touch, in one query. */
  async reachableClients(actor: Actor, ids: string[]): Promise<Set<string>> {
    const found = await rows(this.db, accessQueries.reachableClients(this.scope(actor), ids));
    return new Set(found.map((r) => r.id));
  }

  /** Which of `ids` are couples the actor may touch, in one query. */
  async reachableCouples(actor: Actor, ids: string[]): Promise<Set<string>> {
    const found = await rows(this.db, accessQueries.reachableCouples(this.scope(actor), ids));
    return new Set(found.map((r) => r.id));
  }
}
