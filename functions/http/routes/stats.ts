import * as z from '#core/zod.ts';
import type { RouteContract } from './common.ts';

const statsQuery = z.strictObject({ period: z.optional(z.string().check(z.regex(/^20\d\d-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM'))) });

export const contract = {
  'GET /stats/departments': {
    operationId: 'getDepartmentStats',
    summary: 'Statistics per department for a month',
    who: 'anyone',
    auth: false,
    status: 200,
    query: statsQuery,
  },
  'GET /stats/services': {
    operationId: 'getServiceStats',
    summary: 'Statistics per service for a month',
    who: 'anyone',
    auth: false,
    status: 200,
    query: statsQuery,
  },
} satisfies Record<string, RouteContract>;
