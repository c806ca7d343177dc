import type { RouteContract } from './common.ts';

export const contract = {
  'GET /health': { summary: 'Liveness', who: 'anyone', auth: false, status: 200 },
} satisfies Record<string, RouteContract>;
