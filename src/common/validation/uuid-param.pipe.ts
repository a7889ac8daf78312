import { ArgumentMetadata, Injectable, ParseUUIDPipe } from '@nestjs/common';
import { InvalidRequest } from '../problem/problem';

/**
 * A path parameter that must be a UUID: anything else is a 400 validation problem naming the
 * parameter (`id must be a UUID`), like a body field, rather than Nest's unnamed message.
 */
@Injectable()
export class UuidParam extends ParseUUIDPipe {
  override async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    // ParseUUIDPipe answers the string it was given when it is a UUID.
    try {
      return (await super.transform(value, metadata)) as string;
    } catch {
      const field = metadata.data ?? 'parameter';
      throw new InvalidRequest(`The request has 1 invalid field: ${field}.`, [{ field, message: `${field} must be a UUID` }]);
    }
  }
}
