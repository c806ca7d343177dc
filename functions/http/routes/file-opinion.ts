import * as z from '#core/zod.ts';
import { reviewParams, type RouteContract } from './common.ts';

const opinionSchema = z.strictObject({ comment: z.string().check(z.trim(), z.minLength(1), z.maxLength(5000)) });

export const contract = {
  'POST /applications/{caseId}/reviews/{department}/opinion': {
    operationId: 'fileOpinion',
    summary: 'File an opinion after a deemed approval',
    who: 'reviewers of the department',
    auth: true,
    status: 200,
    params: reviewParams,
    body: opinionSchema,
    errors: [403, 404, 409],
  },
} satisfies Record<string, RouteContract>;
