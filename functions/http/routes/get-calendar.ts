import * as z from 'zod';
import type { RouteContract } from './common.ts';

export const contract = {
  'GET /calendar': {
    summary: 'The working-day calendar (?version= for an earlier one)',
    who: 'anyone',
    auth: false,
    status: 200,
    query: z.strictObject({ version: z.coerce.number().int().min(1).optional() }),
    errors: [404],
  },
} satisfies Record<string, RouteContract>;
