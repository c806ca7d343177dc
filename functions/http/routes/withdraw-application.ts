import { caseParams, type RouteContract } from './common.ts';

export const contract = {
  'POST /applications/{caseId}/withdraw': {
    operationId: 'withdrawApplication',
    summary: 'Withdraw before the outcome',
    who: 'its applicant',
    auth: true,
    status: 200,
    params: caseParams,
    errors: [403, 404, 409],
  },
} satisfies Record<string, RouteContract>;
