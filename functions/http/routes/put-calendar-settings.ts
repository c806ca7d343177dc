import * as z from '#core/zod.ts';
import { calendarSettingsSchema, calendarYearSchema } from '#core/schemas.ts';
import { admins } from '#core/access.ts';
import { type RouteContract, serverOwned } from './common.ts';

const yearKey = /* @__PURE__ */ z.string().check(z.regex(/^20\d\d$/, 'a year such as 2026'));

/**
 * The calendar as GET returns it is a valid body: `years`, when present, replaces every
 * year's days; the server's own `version` and `updatedAt` are accepted and ignored (the
 * precondition is the `If-Match` header, not the body).
 */
export const putCalendarBody = /* @__PURE__ */ z.extend(calendarSettingsSchema, {
  years: z.optional(z.record(yearKey, calendarYearSchema)),
  ...serverOwned,
});

export const contract = {
  'PUT /calendar': {
    operationId: 'putCalendarSettings',
    headers: ['If-Match'],
    etag: true,
    summary: 'Time zone, office hours and (optionally) every year’s days (If-Match: its ETag)',
    who: 'admins',
    allow: admins,
    auth: true,
    status: 200,
    body: putCalendarBody,
    errors: [403, 409],
  },
} satisfies Record<string, RouteContract>;
