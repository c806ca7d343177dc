import { applicationSchema } from '#core/schemas.ts';
import type { RouteContract } from './common.ts';

export const contract = {
  'POST /applications': {
    summary: 'Submit an application (header Idempotency-Key optional)',
    who: 'applicants',
    auth: true,
    status: 202,
    body: applicationSchema,
    errors: [403, 404, 409],
  },
} satisfies Record<string, RouteContract>;
