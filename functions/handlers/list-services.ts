import { listServices } from '#adapters/catalogue-store.ts';
import type { Catalogue } from '#app/ports.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/list-services.ts';

export const listServicesRoute = (catalogue: Pick<Catalogue, 'listServices'>) =>
  httpRoute(contract['GET /services'], async () => {
    const items = await catalogue.listServices();
    return { body: { items } };
  });

export const handler = listServicesRoute({ listServices });
