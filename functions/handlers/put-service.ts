import { z } from 'zod';
import { putService } from '#adapters/catalogue-store.ts';
import { isAdmin, requireGroup } from '#core/access.ts';
import { serviceCodeSchema, serviceSchema } from '#core/schemas.ts';
import { httpRoute } from '#http/api.ts';

export const handler = httpRoute(
  { auth: true, params: z.object({ code: serviceCodeSchema }), body: serviceSchema },
  async ({ principal, params, body }) => {
    requireGroup(principal, isAdmin, 'publishing a service');
    const service = { ...body, code: params.code, updatedAt: new Date().toISOString() };
    await putService(service);
    return { body: service };
  },
);
