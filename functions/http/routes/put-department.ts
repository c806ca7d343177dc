import * as z from '#core/zod.ts';
import { departmentCodeSchema } from '#core/schemas.ts';
import { admins } from '#core/access.ts';
import type { RouteContract } from './common.ts';

const departmentContactsSchema = z.strictObject({
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  emails: z._default(z.array(z.email()).check(z.maxLength(50)), []),
  adminEmails: z._default(z.array(z.email()).check(z.maxLength(50)), []),
});

export const contract = {
  'PUT /departments/{code}': {
    operationId: 'putDepartment',
    summary: "Who a department's notifications go to",
    who: 'admins',
    allow: admins,
    auth: true,
    status: 200,
    params: z.object({ code: departmentCodeSchema }),
    body: departmentContactsSchema,
    errors: [403],
  },
} satisfies Record<string, RouteContract>;
