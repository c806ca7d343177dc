import type { RouteContract } from './common.ts';

export const contract = {
  'GET /health': { operationId: 'getHealth', summary: 'Liveness', who: 'anyone', auth: false, status: 200 },
} satisfies Record<string, RouteContract>;
