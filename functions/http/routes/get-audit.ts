import { caseParams, type RouteContract } from './common.ts';

export const contract = {
  'GET /applications/{caseId}/audit': {
    operationId: 'getAudit',
    summary: "The case's hash-chained audit trail with its verification",
    who: 'as the case',
    auth: true,
    status: 200,
    params: caseParams,
    errors: [404],
  },
} satisfies Record<string, RouteContract>;
