// Path parameters shared by the case routes.
import { z } from 'zod';
import { departmentCodeSchema } from '#core/schemas.ts';

export const caseParams = z.object({ caseId: z.string().min(1).max(64) });
export const reviewParams = caseParams.extend({ department: departmentCodeSchema });
