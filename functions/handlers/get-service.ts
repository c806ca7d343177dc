import { getService } from '#adapters/catalogue-store.ts';
import { notFound } from '#core/errors.ts';
import { httpRoute } from '#http/api.ts';
import { conditionalRead, versionTag } from '#http/preconditions.ts';
import { contract } from '#http/routes/get-service.ts';

export const handler = httpRoute(contract['GET /services/{code}'], async ({ params, event }) => {
  const service = await getService(params.code);
  if (!service) throw notFound(`service ${params.code}`);
  return conditionalRead(event.headers, service, versionTag(service.version!));
});
