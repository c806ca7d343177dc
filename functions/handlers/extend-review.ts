import { caseWorkflow } from '#adapters/workflow.ts';
import { awsRuntime } from '#app/aws.ts';
import { extendReview } from '#core/case/review-actions.ts';
import type { ExtensionInput } from '#core/schemas.ts';
import { caseRoute } from '#http/case-route.ts';
import { contract } from '#http/routes/extend-review.ts';
import { reviewCommand } from './review-action.ts';

export const route = contract['POST /applications/{caseId}/reviews/{department}/extension'];
export const command = reviewCommand((context, extension: ExtensionInput) => extendReview({ ...context, extension }));
export const handler = caseRoute(route, command, awsRuntime({ workflow: caseWorkflow }));
