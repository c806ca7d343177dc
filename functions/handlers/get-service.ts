import { getService } from '#adapters/catalogue-store.ts';
import type { Catalogue } from '#app/ports.ts';
import { notFound } from '#core/errors.ts';
import { httpRoute } from '#http/api.ts';
import { conditionalRead, versionTag } from '#http/preconditions.ts';
import { contract } from '#http/routes/get-service.ts';

export const getServiceRoute = (catalogue: Pick<Catalogue, 'getService'>) =>
  httpRoute(contract['GET /services/{code}'], async ({ params, event }) => {
    const service = await catalogue.getService(params.code);
    if (!service) throw notFound(`service ${params.code}`);
    return conditionalRead(event.headers, service, versionTag(service.version!));
  });

export const handler = getServiceRoute({ getService });
