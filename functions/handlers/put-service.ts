import { putService } from '#adapters/catalogue-store.ts';
import { isAdmin, type Principal } from '#core/access.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/put-service.ts';

const admins = { who: 'admins', test: (p: Principal) => isAdmin(p) };

export const handler = httpRoute({ ...contract['PUT /services/{code}'], allow: admins }, async ({ params, body }) => {
  const service = { ...body, code: params.code, updatedAt: new Date().toISOString() };
  await putService(service);
  return { body: service };
});
