import { ConsentEntryRow, LedgerRow } from './consents.queries';
import { ConsentEntryResponse } from './dto/consent.response';

export const toConsentEntry = (r: ConsentEntryRow | LedgerRow['entries'][number]): ConsentEntryResponse => ({
  id: r.id,
  purpose: r.purpose,
  decision: r.decision,
  note: r.note,
  recordedBy: r.recorded_by,
  recordedAt: new Date(r.recorded_at),
});
