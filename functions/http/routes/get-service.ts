import * as z from '#core/zod.ts';
import { serviceCodeSchema } from '#core/schemas.ts';
import type { RouteContract } from './common.ts';

export const contract = {
  'GET /services/{code}': {
    operationId: 'getService',
    headers: ['If-None-Match'],
    etag: true,
    summary: 'One service',
    who: 'anyone',
    auth: false,
    status: 200,
    params: z.object({ code: serviceCodeSchema }),
    errors: [404],
  },
} satisfies Record<string, RouteContract>;
