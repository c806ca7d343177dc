import { z } from 'zod';
import { getService } from '#adapters/catalogue-store.ts';
import { notFound } from '#core/errors.ts';
import { serviceCodeSchema } from '#core/schemas.ts';
import { httpRoute } from '#http/api.ts';

export const handler = httpRoute({ auth: false, params: z.object({ code: serviceCodeSchema }) }, async ({ params }) => {
  const service = await getService(params.code);
  if (!service) throw notFound(`service ${params.code}`);
  return { body: service };
});
