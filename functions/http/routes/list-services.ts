import type { RouteContract } from './common.ts';

export const contract = {
  'GET /services': { operationId: 'listServices', summary: 'The service catalogue', who: 'anyone', auth: false, status: 200 },
} satisfies Record<string, RouteContract>;
