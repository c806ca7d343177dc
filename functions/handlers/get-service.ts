import { getService } from '#adapters/catalogue-store.ts';
import { notFound } from '#core/errors.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/get-service.ts';

export const handler = httpRoute(contract['GET /services/{code}'], async ({ params }) => {
  const service = await getService(params.code);
  if (!service) throw notFound(`service ${params.code}`);
  return { body: service };
});
