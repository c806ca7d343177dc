import { listServices } from '#adapters/catalogue-store.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/contract.ts';

export const handler = httpRoute(contract['GET /services'], async () => {
  const items = await listServices();
  return { body: { items } };
});
