import { applyDecorators } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiUnprocessableEntityResponse } from '@nestjs/swagger';

const problem = { $ref: '#/components/schemas/ProblemDetails' };

/** The error answers a route over one record can give, as problem+json. */
export const ApiRecordErrors = (resource: string, { conflict = false, unprocessable = false } = {}) =>
  applyDecorators(
    ApiBadRequestResponse({ description: 'Malformed id, query or body', schema: problem }),
    ApiNotFoundResponse({ description: `No such ${resource} within your reach`, schema: problem }),
    ...(conflict ? [ApiConflictResponse({ description: 'The change conflicts with the current state', schema: problem })] : []),
    ...(unprocessable ? [ApiUnprocessableEntityResponse({ description: 'The values break a rule of the record', schema: problem })] : []),
  );
