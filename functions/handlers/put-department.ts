import { putContacts } from '#adapters/notification-store.ts';
import type { Directory } from '#app/ports.ts';
import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/put-department.ts';

// Who a department's notifications go to: its reviewers, and its admins for escalations.
export const putDepartmentRoute = (directory: Pick<Directory, 'putContacts'>) =>
  httpRoute(contract['PUT /departments/{code}'], async ({ params, body }) => {
    const contacts = { code: params.code, ...body };
    await directory.putContacts(contacts);
    return { body: contacts };
  });

export const handler = putDepartmentRoute({ putContacts });
