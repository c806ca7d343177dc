import { httpRoute } from '#http/api.ts';
import { contract } from '#http/routes/get-health.ts';

export const handler = httpRoute(contract['GET /health'], async () => ({ body: { status: 'ok' } }));
