import type { RouteContract } from './common.ts';

export const contract = {
  'GET /openapi.json': {
    operationId: 'getOpenApi',
    summary: 'This API as an OpenAPI 3.1 document',
    who: 'anyone',
    auth: false,
    status: 200,
  },
} satisfies Record<string, RouteContract>;
