import { httpRoute } from '#http/api.ts';

export const handler = httpRoute({ auth: false }, async () => ({ body: { status: 'ok' } }));
