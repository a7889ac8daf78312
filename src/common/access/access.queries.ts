import { SqlParams } from '../../database/sql-params';
import { statement } from '../../database/statement';
import { queryModule } from '../../database/query-module';
import { SAMPLE_ID, SAMPLE_SCOPE } from '../../database/query-samples';
import { AccessScope } from './access-scope';

/** "Which of these ids may this caller touch?", in one statement each. */
export const accessQueries = queryModule(
  'access',
  {
    reachableClients(scope: AccessScope, ids: string[]) {
      const p = new SqlParams();
      const list = p.add(ids);
      return statement<{ id: string }>(`SELECT c.id FROM clients c WHERE c.id = ANY(${list}::uuid[]) AND ${scope.clients(p)}`, p);
    },
    reachableCouples(scope: AccessScope, ids: string[]) {
      const p = new SqlParams();
      const list = p.add(ids);
      return statement<{ id: string }>(`SELECT k.id FROM couples k WHERE k.id = ANY(${list}::uuid[]) AND ${scope.couples(p)}`, p);
    },
  },
  {
    reachableClients: [[SAMPLE_SCOPE.therapist, [SAMPLE_ID.client, SAMPLE_ID.partner]], [SAMPLE_SCOPE.client, [SAMPLE_ID.client]]],
    reachableCouples: [[SAMPLE_SCOPE.therapist, [SAMPLE_ID.couple]], [SAMPLE_SCOPE.client, [SAMPLE_ID.couple]]],
  },
);
