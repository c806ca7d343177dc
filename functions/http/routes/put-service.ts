import * as z from '#core/zod.ts';
import { serviceCodeSchema, serviceSchema } from '#core/schemas.ts';
import type { RouteContract } from './common.ts';

export const contract = {
  'PUT /services/{code}': {
    operationId: 'putService',
    headers: ['If-Match'],
    summary: 'Create or replace a service',
    who: 'admins',
    auth: true,
    status: 200,
    params: z.object({ code: serviceCodeSchema }),
    body: serviceSchema,
    errors: [403],
  },
} satisfies Record<string, RouteContract>;
