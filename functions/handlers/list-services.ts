import { listServices } from '#adapters/catalogue-store.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/list-services.ts';

export const handler = httpRoute(contract['GET /services'], async () => {
  const items = await listServices();
  return { body: { items } };
});
