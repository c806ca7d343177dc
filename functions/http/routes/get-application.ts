import { caseParams, type RouteContract } from './common.ts';

export const contract = {
  'GET /applications/{caseId}': {
    operationId: 'getApplication',
    headers: ['If-None-Match'],
    etag: true,
    summary: 'A case: status, reviews, timeline',
    who: 'its applicant, admins, reviewers of a reviewing department',
    auth: true,
    status: 200,
    params: caseParams,
    errors: [404],
  },
} satisfies Record<string, RouteContract>;
