import * as z from 'zod';
import { departmentCodeSchema } from '#core/schemas.ts';
import type { RouteContract } from './common.ts';

const departmentContactsSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  emails: z.array(z.email()).max(50).default([]),
  adminEmails: z.array(z.email()).max(50).default([]),
});

export const contract = {
  'PUT /departments/{code}': {
    summary: "Who a department's notifications go to",
    who: 'admins',
    auth: true,
    status: 200,
    params: z.object({ code: departmentCodeSchema }),
    body: departmentContactsSchema,
    errors: [403],
  },
} satisfies Record<string, RouteContract>;
