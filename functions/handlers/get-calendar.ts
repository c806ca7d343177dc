import { getCalendar } from '#adapters/calendar-store.ts';
import { httpRoute } from '#http/api.ts';

// Public: the working-day calendar due dates are counted with.
export const handler = httpRoute({ auth: false }, async () => ({ body: await getCalendar() }));
