import { applicationSchema } from '#core/schemas.ts';
import { applicants } from '#core/access.ts';
import type { RouteContract } from './common.ts';

export const contract = {
  'POST /applications': {
    operationId: 'submitApplication',
    headers: ['Idempotency-Key'],
    summary: 'Submit an application',
    who: 'applicants',
    allow: applicants,
    auth: true,
    status: 202,
    body: applicationSchema,
    errors: [403, 404, 409],
  },
} satisfies Record<string, RouteContract>;
