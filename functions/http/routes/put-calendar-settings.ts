import { calendarSettingsSchema } from '#core/schemas.ts';
import type { RouteContract } from './common.ts';

export const contract = {
  'PUT /calendar': { operationId: 'putCalendarSettings', headers: ['If-Match'], summary: 'Time zone and office hours', who: 'admins', auth: true, status: 200, body: calendarSettingsSchema, errors: [403, 409] },
} satisfies Record<string, RouteContract>;
