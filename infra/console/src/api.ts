// The API through the client generated from its OpenAPI document (openapi-fetch with the
// types in openapi.d.ts), and every error it can answer put in words a citizen reads.
import createClient from 'openapi-fetch';
import { t } from './i18n.ts';
import type { components, paths } from './openapi.d.ts';

export type Schemas = components['schemas'];
export type CaseView = Schemas['Case'];
export type Service = Schemas['Service'];

/** An answer that was not a success, as the API's error envelope says it. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly issues: { path: string; message: string }[];
  readonly body: Record<string, unknown>;
  readonly retryAfter: number | undefined;
  constructor(
    status: number,
    code: string,
    detail: string,
    issues: { path: string; message: string }[] = [],
    body: Record<string, unknown> = {},
    retryAfter?: number,
  ) {
    super(`${status} ${code}: ${detail}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.issues = issues;
    this.body = body;
    this.retryAfter = retryAfter;
  }
}

export type Api = ReturnType<typeof createClient<paths>>;

export function apiClient(baseUrl: string, token: () => string | undefined): Api {
  const client = createClient<paths>({ baseUrl });
  client.use({
    onRequest({ request }) {
      const bearer = token();
      if (bearer) request.headers.set('authorization', `Bearer ${bearer}`);
      return request;
    },
  });
  return client;
}

/** The data of a successful answer, or an ApiProblem (a failed connection too). */
export async function ok<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<{ data: T; response: Response }> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await pending;
  } catch {
    throw new ApiProblem(0, 'NETWORK', 'the service cannot be reached');
  }
  const { data, error, response } = result;
  if (response.ok) return { data: data as T, response };
  const envelope = (error ?? {}) as {
    error?: { code?: string; message?: string; issues?: { path: string; message: string }[] };
    message?: string;
  };
  const retry = Number(response.headers.get('retry-after'));
  throw new ApiProblem(
    response.status,
    envelope.error?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : response.status === 429 ? 'THROTTLED' : 'INTERNAL'),
    envelope.error?.message ?? envelope.message ?? response.statusText,
    envelope.error?.issues ?? [],
    (envelope.error ?? {}) as Record<string, unknown>,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  );
}

/** What to tell a person about a problem: one sentence, and the fields it concerns. */
export function words(err: unknown): { message: string; items: string[] } {
  if (!(err instanceof ApiProblem)) return { message: t('errServer'), items: [] };
  switch (err.status) {
    case 0:
      return { message: t('errNetwork'), items: [] };
    case 400:
      return { message: t('errValidation'), items: err.issues.map((i) => `${i.path}: ${i.message}`) };
    case 401:
      return { message: t('errUnauthenticated'), items: [] };
    case 403:
      return { message: t('errForbidden'), items: [] };
    case 404:
      return { message: t('errNotFound'), items: [] };
    case 409:
      return { message: t('errConflict', { detail: err.detail }), items: [] };
    case 412:
      return { message: t('errPrecondition'), items: [] };
    case 413:
      return { message: t('errTooLarge'), items: [] };
    case 429:
      return { message: t('errThrottled', { n: err.retryAfter ?? 1 }), items: [] };
    default:
      return { message: t('errServer'), items: [] };
  }
}
