import { listServices } from '#adapters/catalogue-store.ts';
import { httpRoute } from '#http/api.ts';

export const handler = httpRoute({ auth: false }, async () => {
  const items = await listServices();
  return { body: { items } };
});
