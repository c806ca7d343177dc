import { httpRoute } from '#http/api.ts';
import { contract } from '#http/contract.ts';

export const handler = httpRoute(contract['GET /health'], async () => ({ body: { status: 'ok' } }));
