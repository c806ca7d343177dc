import { z } from 'zod';
import { putContacts } from '#adapters/notification-store.ts';
import { isAdmin, type Principal } from '#core/access.ts';
import { departmentCodeSchema } from '#core/schemas.ts';
import { httpRoute } from '#http/api.ts';

const params = z.object({ code: departmentCodeSchema });
const body = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  emails: z.array(z.email()).max(50).default([]),
  adminEmails: z.array(z.email()).max(50).default([]),
});
const admins = { who: 'admins', test: (p: Principal) => isAdmin(p) };

// Who a department's notifications go to: its reviewers, and its admins for escalations.
export const handler = httpRoute({ auth: true, allow: admins, params, body }, async ({ params, body }) => {
  const contacts = { code: params.code, ...body };
  await putContacts(contacts);
  return { body: contacts };
});
