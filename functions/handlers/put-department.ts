import { putContacts } from '#adapters/notification-store.ts';
import { isAdmin, type Principal } from '#core/access.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/put-department.ts';

const admins = { who: 'admins', test: (p: Principal) => isAdmin(p) };

// Who a department's notifications go to: its reviewers, and its admins for escalations.
export const handler = httpRoute({ ...contract['PUT /departments/{code}'], allow: admins }, async ({ params, body }) => {
  const contacts = { code: params.code, ...body };
  await putContacts(contacts);
  return { body: contacts };
});
