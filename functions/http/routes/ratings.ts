import { ratingAnswerSchema, ratingSchema } from '#core/schemas.ts';
import { caseParams, reviewParams, type RouteContract } from './common.ts';

export const contract = {
  'POST /applications/{caseId}/rating': {
    operationId: 'rateApplication',
    summary: 'Rate the service and the departments after the outcome, or change a rating',
    who: 'its applicant',
    auth: true,
    status: 200,
    params: caseParams,
    body: ratingSchema,
    errors: [403, 404, 409],
  },
  'POST /applications/{caseId}/ratings/{department}/answer': {
    operationId: 'answerRating',
    summary: 'Answer a rating of the department on the record',
    who: 'reviewers of the department, admins',
    auth: true,
    status: 200,
    params: reviewParams,
    body: ratingAnswerSchema,
    errors: [403, 404, 409],
  },
} satisfies Record<string, RouteContract>;
