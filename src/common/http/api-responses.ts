import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

const problem = { $ref: '#/components/schemas/ProblemDetails' };

/** The statuses an operation can answer with a problem body, and what each usually means. */
const DEFAULT_DESCRIPTIONS = {
  400: 'Malformed id, query or body',
  401: 'No valid access token or API key',
  403: 'The caller may never use this operation',
  404: 'No such record within your reach',
  409: 'The change conflicts with the current state',
  410: 'The link no longer works',
  422: 'The values break a rule of the record',
  429: 'Too many requests; wait for Retry-After seconds',
  503: 'The database is unavailable; retry shortly',
} as const;

export type ProblemStatus = keyof typeof DEFAULT_DESCRIPTIONS;

/** `Retry-After` as the API sends it with every 429. */
export const RETRY_AFTER_HEADER = {
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 86400, example: 42 } },
};

/**
 * Declares error answers as problem+json: `ApiProblems(404, 409)` with the usual descriptions, or
 * `ApiProblems({ 409: 'The time is no longer available' })` with the route's own words.
 */
export function ApiProblems(...statuses: (ProblemStatus | Partial<Record<ProblemStatus, string>>)[]) {
  const described = statuses.flatMap((s) =>
    typeof s === 'number' ? [[s, DEFAULT_DESCRIPTIONS[s]] as const] : (Object.entries(s) as [string, string][]).map(([k, d]) => [Number(k) as ProblemStatus, d] as const),
  );
  return applyDecorators(
    ...described.map(([status, description]) =>
      ApiResponse({
        status,
        description,
        content: { 'application/problem+json': { schema: problem } },
        ...(status === 429 ? { headers: RETRY_AFTER_HEADER } : {}),
      }),
    ),
  );
}

/** The error answers a route over one record can give, as problem+json. */
export const ApiRecordErrors = (resource: string, { conflict = false, unprocessable = false } = {}) =>
  ApiProblems({
    400: 'Malformed id, query or body',
    404: `No such ${resource} within your reach`,
    ...(conflict ? { 409: 'The change conflicts with the current state' } : {}),
    ...(unprocessable ? { 422: 'The values break a rule of the record' } : {}),
  });
