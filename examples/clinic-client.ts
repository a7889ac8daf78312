/*
 * A small typed client of the clinic API, generated from docs/openapi.json: paths, bodies and
 * answers are checked by TypeScript against `generated/api.d.ts` (`npm run client:generate`).
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, paths } from './generated/api';

export type Schemas = components['schemas'];
export type ClinicApi = Client<paths>;
export type Problem = Schemas['ProblemDetails'];

/** An error answer (application/problem+json), thrown by `unwrap`. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | undefined,
  ) {
    super(`${status} ${problem?.title ?? ''}: ${problem?.detail ?? 'no detail'}`);
  }
}

export interface Credentials {
  /** `Authorization: Bearer` for people (from logIn or acceptInvitation). */
  accessToken?: string;
  /** `X-API-Key` for integrations. */
  apiKey?: string;
}

/** A client for the API at `baseUrl` (the origin: paths carry `/api/v1`). */
export function clinicClient(baseUrl: string, credentials: Credentials = {}): ClinicApi {
  const client = createClient<paths>({ baseUrl });
  const authenticate: Middleware = {
    onRequest({ request }) {
      if (credentials.accessToken) request.headers.set('Authorization', `Bearer ${credentials.accessToken}`);
      if (credentials.apiKey) request.headers.set('X-API-Key', credentials.apiKey);
      return request;
    },
  };
  client.use(authenticate);
  return client;
}

/** The data of a successful answer, or a ProblemError with the problem details. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || result.data === undefined) {
    throw new ProblemError(result.response.status, result.error as Problem | undefined);
  }
  return result.data;
}

/** Signs in with email and password and returns a client that carries the access token. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<{ api: ClinicApi; user: Schemas['UserResponse'] }> {
  const tokens = unwrap(await clinicClient(baseUrl).POST('/api/v1/auth/login', { body: { email, password } }));
  return { api: clinicClient(baseUrl, { accessToken: tokens.accessToken }), user: tokens.user };
}

/** Accepts a portal invitation from its link (`…#token=iv_…`) and returns the new client's signed-in client. */
export async function acceptInvitation(baseUrl: string, acceptUrl: string, password: string, displayName: string): Promise<{ api: ClinicApi; user: Schemas['UserResponse'] }> {
  const token = new URL(acceptUrl).hash.replace(/^#token=/, '');
  const tokens = unwrap(await clinicClient(baseUrl).POST('/api/v1/auth/invitations/accept', { body: { token, password, displayName } }));
  return { api: clinicClient(baseUrl, { accessToken: tokens.accessToken }), user: tokens.user };
}

/** The secret token at the end of a connection call's manage link. */
export const manageToken = (manageUrl: string): string => new URL(manageUrl).pathname.split('/').pop() as string;
