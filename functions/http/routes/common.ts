// What every route's contract is, and the path parameters several routes share. Each route's
// contract lives in its own module beside this one, so a handler's bundle holds its own
// schemas only; functions/http/contract.ts gathers them all for the OpenAPI document.
// Schemas here are marked pure so a bundle that does not use one drops it. Contracts are
// declarations of one shape (operationId, summary, who, auth, status, params, body, errors),
// so two routes with the same kind of caller and body read alike line by line: that
// likeness is the point of a declaration, not logic said twice.
import * as z from '#core/zod.ts';
import type { Role } from '#core/access.ts';
import { departmentCodeSchema } from '#core/schemas.ts';

/** Request headers a route reads besides Authorization and Content-Type. */
export type RequestHeader = 'Idempotency-Key' | 'If-Match' | 'If-None-Match';

export interface RouteContract {
  /** The OpenAPI operationId: camelCase, the name a generated client calls it by. */
  operationId: string;
  summary: string;
  /** Who may call it, in words (the handler enforces it). */
  who: string;
  auth: boolean;
  /** The one group that may call it at all (403 to anyone else). */
  allow?: Role;
  /** The success status. */
  status: number;
  params?: z.ZodMiniType;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
  /** Error statuses a client should expect besides 400/401/413/415/429/500. */
  errors?: number[];
  /** Request headers it reads: If-Match answers 412 when stale, If-None-Match 304 when current. */
  headers?: RequestHeader[];
  /** Its success response carries an ETag. */
  etag?: boolean;
}

/**
 * What a GET of a versioned resource returns beside its content: a PUT body copied from it
 * may carry them; they are accepted and ignored (the precondition is `If-Match`).
 */
export const serverOwned = {
  version: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.number().check(/* @__PURE__ */ z.int(), /* @__PURE__ */ z.minimum(0))),
  updatedAt: /* @__PURE__ */ z.optional(/* @__PURE__ */ z.string().check(/* @__PURE__ */ z.maxLength(64))),
};

export const caseParams = /* @__PURE__ */ z.object({ caseId: z.string().check(z.minLength(1), z.maxLength(64)) });
export const reviewParams = /* @__PURE__ */ z.extend(caseParams, { department: departmentCodeSchema });
