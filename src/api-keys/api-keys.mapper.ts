import { ApiKey } from './api-key.entity';
import { ApiKeyResponse } from './dto/api-key.response';

export function toApiKeyResponse(key: ApiKey): ApiKeyResponse {
  return { id: key.id, name: key.name, prefix: key.prefix, scopes: key.scopes, createdAt: key.createdAt };
}
