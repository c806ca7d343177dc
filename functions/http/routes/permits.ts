import * as z from '#core/zod.ts';
import { admins } from '#core/access.ts';
import type { RouteContract } from './common.ts';

/** A permit number: `P-` and the 26 characters of its case's id. */
export const permitParams = /* @__PURE__ */ z.object({
  number: /* @__PURE__ */ z
    .string()
    .check(/* @__PURE__ */ z.regex(/^P-[0-9A-Z]{1,62}$/, 'a permit number such as P-01JD3Q5V8X4M2N7R9T1W5Y3Z6B')),
});

export const verifyQuery = /* @__PURE__ */ z.object({
  /** The SHA-256 (base64url) of the copy in hand, as its QR code carries it. */
  digest: /* @__PURE__ */ z.optional(
    /* @__PURE__ */ z.string().check(/* @__PURE__ */ z.regex(/^[A-Za-z0-9_-]{43}$/, 'a SHA-256 digest, base64url (43 characters)')),
  ),
});

export const revocationSchema = /* @__PURE__ */ z.strictObject({
  reasons: /* @__PURE__ */ z
    .array(/* @__PURE__ */ z.string().check(/* @__PURE__ */ z.trim(), /* @__PURE__ */ z.minLength(1), /* @__PURE__ */ z.maxLength(2000)))
    .check(/* @__PURE__ */ z.minLength(1), /* @__PURE__ */ z.maxLength(20)),
});

export const contract = {
  'GET /permits/{number}': {
    operationId: 'getPermit',
    summary: 'A permit: the signed document, its signature and its status',
    who: 'anyone (a permit is a public record; the holder’s ID number is masked in it)',
    auth: false,
    status: 200,
    params: permitParams,
    errors: [404],
  },
  'GET /permits/{number}/verify': {
    operationId: 'verifyPermit',
    summary: 'Whether a permit is genuine and current, and whether a copy in hand is it',
    who: 'anyone',
    auth: false,
    status: 200,
    params: permitParams,
    query: verifyQuery,
    errors: [404],
  },
  'GET /permit-key': {
    operationId: 'getPermitKey',
    summary: 'The public key permits are signed with, to check them offline',
    who: 'anyone',
    auth: false,
    status: 200,
  },
  'POST /permits/{number}/revocation': {
    operationId: 'revokePermit',
    summary: 'Revoke a permit, with reasons: on the case’s timeline, the holder notified',
    who: 'admins',
    auth: true,
    allow: admins,
    status: 200,
    params: permitParams,
    body: revocationSchema,
    errors: [403, 404, 409],
  },
} satisfies Record<string, RouteContract>;
