import { caseWorkflow } from '#adapters/workflow.ts';
import { awsRuntime } from '#app/aws.ts';
import { decideReview } from '#core/case/review-actions.ts';
import type { DecisionInput } from '#core/schemas.ts';
import { caseRoute } from '#http/case-route.ts';
import { contract } from '#http/routes/decide-review.ts';
import { reviewCommand } from './review-action.ts';

export const route = contract['POST /applications/{caseId}/reviews/{department}/decision'];
export const command = reviewCommand((context, decision: DecisionInput) => decideReview({ ...context, decision }));
export const handler = caseRoute(route, command, awsRuntime({ workflow: caseWorkflow }));
