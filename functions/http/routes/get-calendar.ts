import * as z from '#core/zod.ts';
import type { RouteContract } from './common.ts';

export const contract = {
  'GET /calendar': {
    operationId: 'getCalendar',
    headers: ['If-None-Match'],
    etag: true,
    summary: 'The working-day calendar (?version= for an earlier one)',
    who: 'anyone',
    auth: false,
    status: 200,
    query: z.strictObject({ version: z.optional(z.coerce.number().check(z.int(), z.minimum(1))) }),
    errors: [404],
  },
} satisfies Record<string, RouteContract>;
