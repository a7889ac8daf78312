import { ApiKeyRow } from './api-keys.queries';
import { ApiKeyResponse } from './dto/api-key.response';

export function toApiKeyResponse(key: ApiKeyRow): ApiKeyResponse {
  return { id: key.id, name: key.name, prefix: key.prefix, scopes: key.scopes, createdAt: key.created_at };
}
