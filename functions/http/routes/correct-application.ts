import { correctionSchema } from '#core/schemas.ts';
import { caseParams, type RouteContract } from './common.ts';

export const contract = {
  'POST /applications/{caseId}/corrections': {
    operationId: 'correctApplication',
    summary: 'Complete an INCOMPLETE case, or answer a correction request',
    who: 'its applicant',
    auth: true,
    status: 200,
    params: caseParams,
    body: correctionSchema,
    errors: [403, 404, 409],
  },
} satisfies Record<string, RouteContract>;
