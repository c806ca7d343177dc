import * as z from '#core/zod.ts';
import { serviceCodeSchema, serviceSchema } from '#core/schemas.ts';
import { admins } from '#core/access.ts';
import { type RouteContract, serverOwned } from './common.ts';

/**
 * A service as GET returns it is a valid body: `code` (checked against the path by the
 * handler), and the server's own `version` and `updatedAt`, accepted and ignored (the
 * precondition is the `If-Match` header, not the body).
 */
export const putServiceBody = /* @__PURE__ */ z.extend(serviceSchema, {
  code: z.optional(z.string()),
  ...serverOwned,
});

export const contract = {
  'PUT /services/{code}': {
    operationId: 'putService',
    headers: ['If-Match'],
    etag: true,
    summary: 'Create or replace a service (If-Match: its ETag, to replace only what was read)',
    who: 'admins',
    allow: admins,
    auth: true,
    status: 200,
    params: z.object({ code: serviceCodeSchema }),
    body: putServiceBody,
    errors: [403],
  },
} satisfies Record<string, RouteContract>;
