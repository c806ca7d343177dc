import * as z from '#core/zod.ts';
import { calendarYearSchema } from '#core/schemas.ts';
import { admins } from '#core/access.ts';
import type { RouteContract } from './common.ts';

export const contract = {
  'PUT /calendar/years/{year}': {
    operationId: 'putCalendarYear',
    headers: ['If-Match'],
    etag: true,
    summary: 'Holidays and make-up working days of a year',
    who: 'admins',
    allow: admins,
    auth: true,
    status: 200,
    params: z.object({ year: z.string().check(z.regex(/^20\d\d$/, 'a year such as 2026')) }),
    body: calendarYearSchema,
    errors: [403, 409],
  },
} satisfies Record<string, RouteContract>;
