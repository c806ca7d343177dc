// What every route's contract is, and the path parameters several routes share. Each route's
// contract lives in its own module beside this one, so a handler's bundle holds its own
// schemas only; functions/http/contract.ts gathers them all for the OpenAPI document.
// Schemas here are marked pure so a bundle that does not use one drops it.
import * as z from 'zod';
import type { ZodType } from 'zod';
import { departmentCodeSchema } from '#core/schemas.ts';

export interface RouteContract {
  summary: string;
  /** Who may call it, in words (the handler enforces it). */
  who: string;
  auth: boolean;
  /** The success status. */
  status: number;
  params?: ZodType;
  query?: ZodType;
  body?: ZodType;
  /** Error statuses a client should expect besides 400/401/413/415/429. */
  errors?: number[];
}

export const caseParams = /* @__PURE__ */ z.object({ caseId: z.string().min(1).max(64) });
export const reviewParams = /* @__PURE__ */ caseParams.extend({ department: departmentCodeSchema });
