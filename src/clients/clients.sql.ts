/** @deprecated Moved to clients.queries.ts and clients.mapper.ts; kept for the callers of `AuditTrail.read(text, p)` in test/ and bench/. */
export { CLIENT_COLUMNS } from './clients.queries';
export type { ClientRow } from './clients.queries';
export { toClientResponse } from './clients.mapper';
