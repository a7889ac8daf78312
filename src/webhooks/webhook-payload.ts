const ID_KEY = /^(id|[a-z][A-Za-z0-9]{0,60}Id)$/;
const TIME_KEY = /^[a-z][A-Za-z0-9]{0,60}At$/;
const ID_VALUE = /^[A-Za-z0-9_-]{1,64}$/;
/** How a connection call or a session happens: not personal, and what an integration needs to route it. */
const MODALITIES = new Set(['phone', 'video', 'in_person', 'online']);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * What of an outbox payload may leave the clinic in a webhook: ids (`…Id` keys with opaque id
 * values), times (`…At` keys with ISO 8601 values) and the call's or session's modality, nothing else — so a name, an email or a
 * message added to the payload later can never reach a receiver.
 */
export function webhookData(payload: unknown): Record<string, string | null> {
  const data: Record<string, string | null> = {};
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return data;
  for (const [key, value] of Object.entries(payload)) {
    if (ID_KEY.test(key) && typeof value === 'string' && ID_VALUE.test(value)) data[key] = value;
    else if (key === 'modality' && typeof value === 'string' && MODALITIES.has(value)) data[key] = value;
    else if (TIME_KEY.test(key) && (value === null || (typeof value === 'string' && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value))))) {
      data[key] = value === null ? null : new Date(value).toISOString();
    }
  }
  return data;
}
