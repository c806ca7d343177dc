import { listApplicationsQuerySchema } from '#core/schemas.ts';
import type { RouteContract } from './common.ts';

export const contract = {
  'GET /applications': {
    operationId: 'listApplications',
    summary: "The caller's cases (admins: all), newest first",
    who: 'applicants, admins',
    auth: true,
    status: 200,
    query: listApplicationsQuerySchema,
  },
} satisfies Record<string, RouteContract>;
